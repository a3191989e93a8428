using System.Text.RegularExpressions;

namespace Netwright.InteropTests.Infrastructure;

/// <summary>Runs the <c>netwright</c> command as a process: <c>dotnet Netwright.Cli.dll ...</c> from this test's build output.</summary>
internal static partial class NetwrightCli
{
    /// <summary>Gets the command's assembly, copied next to the test assembly by the project reference.</summary>
    public static string Assembly
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Netwright.Cli.dll is not next to the tests", path);
        }
    }

    /// <summary>Starts <c>netwright ARGS</c>.</summary>
    public static ChildProcess Start(params string[] arguments) => ChildProcess.Start("dotnet", [Assembly, .. arguments]);

    /// <summary>
    /// Starts <c>netwright serve SERVICE --style STYLE</c> with the given listener options and waits for its
    /// <c>waiting for connection... on ...</c> line; returns the process and the bound endpoints.
    /// </summary>
    public static async Task<(ChildProcess Process, IReadOnlyList<string> EndPoints)> ServeAsync(string service, string style, params string[] listeners)
    {
        var process = Start(["serve", service, "--style", style, .. listeners]);
        try
        {
            var match = await process.WaitForErrorAsync(WaitingLine(), TestTimeouts.Startup);
            var endpoints = match.Groups["endpoints"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries);
            return (process, endpoints);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gets the port of a <c>tcp://host:port</c> or <c>udp://host:port</c> endpoint text.</summary>
    public static int PortOf(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"waiting for connection\.\.\. on (?<endpoints>[^\r\n]+)")]
    private static partial Regex WaitingLine();
}
