using Netwright.Cli;

// Before any socket exists: the runtime reads this setting once.
InlineCompletions.EnableForProcess();
using var signals = new Signals();
return await NetwrightApp.RunAsync(args, CliConsole.FromProcess(), signals.Token).ConfigureAwait(false);
