using Netwright.Cli;

return await NetwrightApp.RunAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
