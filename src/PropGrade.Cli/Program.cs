using System.CommandLine;
using PropGrade.Cli.Commands;

var root = new RootCommand("PropGrade: grades real-estate agents from paginated, rate-limited listing APIs.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(RegradeCommand.Create());
root.Subcommands.Add(RunsCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(EstimateCommand.Create());
return await root.Parse(args).InvokeAsync();
