PropGrade.Cli.OwnerOnlyUmask.Apply();
return await PropGrade.Cli.CliApp.InvokeAsync(args);
