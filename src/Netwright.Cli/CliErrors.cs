using Netwright.Errors;

namespace Netwright.Cli;

/// <summary>Turns the failures a user can cause into one line and an exit code: never a stack trace.</summary>
internal static class CliErrors
{
    public static int Report(CliConsole console, Exception error)
    {
        console.Error.WriteLine($"netwright: {Describe(error)}");
        return ExitCodeFor(error);
    }

    public static int ExitCodeFor(Exception error) => error switch
    {
        UnknownServiceException => ExitCodes.UnknownService,
        TlsHandshakeException { Failure: TlsFailure.CertificateRejected } => ExitCodes.CertificateRejected,
        TlsHandshakeException => ExitCodes.TlsHandshakeFailed,
        ConnectionRefusedException => ExitCodes.ConnectionRefused,
        HostNotFoundException => ExitCodes.HostNotFound,
        NetworkTimeoutException or TimeoutException => ExitCodes.TimedOut,
        ConnectionResetException => ExitCodes.ConnectionReset,
        FormatException or ArgumentException => ExitCodes.Usage,
        _ => ExitCodes.Failure,
    };

    public static bool IsUserFacing(Exception error) =>
        error is NetwrightException or FormatException or ArgumentException or TimeoutException or UnauthorizedAccessException or IOException;

    private static string Describe(Exception error) => error switch
    {
        UnauthorizedAccessException => $"permission denied: {error.Message}",
        _ => error.Message,
    };
}
