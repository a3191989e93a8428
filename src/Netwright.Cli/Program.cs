using Netwright.Cli;

using var signals = new Signals();
return await NetwrightApp.RunAsync(args, CliConsole.FromProcess(), signals.Token).ConfigureAwait(false);
