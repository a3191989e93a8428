using System.Net.NetworkInformation;
using System.Net.Sockets;
using Netwright.Errors;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Info;

/// <summary>Turns socket errors into Netwright exceptions and Netwright exceptions into one stderr line and an exit code.</summary>
internal static class InfoErrors
{
    public static NetwrightException FromSocketException(SocketException ex, NetEndpoint target) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new ConnectionRefusedException($"connection refused by {target}", ex),
        // Connecting to a Unix path that has no socket file (ENOENT) surfaces as AddressNotAvailable.
        SocketError.AddressNotAvailable when target.IsUnix => new ConnectionRefusedException(
            File.Exists(target.Path) ? $"connection refused by {target}" : $"connection refused by {target}: no socket at {target.Path}", ex),
        SocketError.TimedOut => new NetworkTimeoutException($"connecting to {target} timed out", ex),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
            new HostNotFoundException($"host '{target.Host}' not found: {ex.Message}", ex),
        SocketError.ConnectionReset => new ConnectionResetException($"connection reset by {target}", ex),
        SocketError.ConnectionAborted or SocketError.OperationAborted =>
            new ConnectionAbortedException($"connection to {target} aborted", ex),
        SocketError.AddressAlreadyInUse => new AddressInUseException($"address in use connecting to {target}", ex),
        _ => new NetwrightException($"cannot connect to {target}: {ex.Message}", ex),
    };

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
