using Netwright.Cli;

// First of all: `serve files` re-executes itself in place with its own runtime settings (a no-op for other commands).
ServerRuntimeSettings.Apply(args);

// Before any socket exists: the runtime reads this setting once.
InlineCompletions.EnableForProcess();
using var signals = new Signals();
return await NetwrightApp.RunAsync(args, CliConsole.FromProcess(), signals.Token).ConfigureAwait(false);
