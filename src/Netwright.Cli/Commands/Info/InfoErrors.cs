using System.Net.NetworkInformation;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Info;

/// <summary>Turns socket errors into Netwright exceptions and Netwright exceptions into one stderr line and an exit code.</summary>
internal static class InfoErrors
{
    /// <summary>Translates a failed connect through the library's one socket error map (the exception keeps <paramref name="ex"/> inside).</summary>
    public static NetwrightException FromSocketException(SocketException ex, NetEndPoint target) =>
        SocketErrors.Translate(ex, "connect", target.ToString());

    public static int ExitCodeFor(Exception ex) => ex switch
    {
        ConnectionRefusedException => ExitCodes.ConnectionRefused,
        HostNotFoundException => ExitCodes.HostNotFound,
        NetworkTimeoutException => ExitCodes.TimedOut,
        ConnectionResetException => ExitCodes.ConnectionReset,
        UnknownServiceException => ExitCodes.UnknownService,
        AddressInUseException => ExitCodes.BindFailed,
        TlsHandshakeException => CliErrors.ExitCodeFor(ex),
        FormatException or ArgumentException => ExitCodes.Usage,
        _ => ExitCodes.Failure,
    };

    /// <summary>Runs a command body; an expected failure becomes one line on stderr and its exit code, never a stack trace.</summary>
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NetwrightException or FormatException or ArgumentException or SocketException or NetworkInformationException)
        {
            var message = ex.Message.ReplaceLineEndings(" ");
            await console.Error.WriteLineAsync($"netwright info: {message}").ConfigureAwait(false);
            return ExitCodeFor(ex);
        }
    }
}
