namespace Netwright.Cli.Tests.Support;

/// <summary>What one run of the command produced.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Gets the non-empty lines of standard output, without line endings.</summary>
    public string[] OutLines => Lines(Out);

    /// <summary>Gets the non-empty lines of standard error, without line endings.</summary>
    public string[] ErrorLines => Lines(Error);

    public static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
