return await PropGrade.Cli.CliApp.InvokeAsync(args);
