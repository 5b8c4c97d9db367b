PropGrade.Cli.OwnerOnlyUmask.Apply();
_ = PropGrade.Cli.NativeHeapTuning.Apply();
using var signals = PropGrade.Cli.Hosting.ShutdownSignals.Register();
return await PropGrade.Cli.CliApp.InvokeAsync(args, PropGrade.Cli.Output.CliContext.FromConsole(signals), signals.Stopping);
