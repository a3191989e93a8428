using Netwright.LoadGen;

namespace Netwright.Cli.Commands.Bench;

/// <summary>Judges a load generator run as the process exit code of <c>netwright bench</c>.</summary>
internal static class BenchExitCode
{
    /// <summary>
    /// Gets the exit code for <paramref name="result"/>: 9 for a verification failure, the error's own code when
    /// every connection failed (refused 4, timeout 6, reset 7), 130 when interrupted, 1 for other errors, else 0.
    /// </summary>
    public static int For(BenchResult result)
    {
        if (result.Errors[BenchErrorKind.Mismatch] > 0)
        {
            return ExitCodes.VerificationFailed;
        }

        if (result.AllFailed)
        {
            return result.Errors.Dominant() switch
            {
                BenchErrorKind.Refused => ExitCodes.ConnectionRefused,
                BenchErrorKind.Timeout => ExitCodes.TimedOut,
                BenchErrorKind.Reset => ExitCodes.ConnectionReset,
                _ => ExitCodes.Failure,
            };
        }

        if (result.Interrupted)
        {
            return ExitCodes.Interrupted;
        }

        return result.Ok ? ExitCodes.Success : ExitCodes.Failure;
    }
}
