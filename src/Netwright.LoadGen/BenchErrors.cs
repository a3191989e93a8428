using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Error counts shared by all connections of a run, plus the first message of each kind so the summary
/// can say what happened. Thread-safe; errors are rare, so plain interlocked counters are enough.
/// </summary>
internal sealed class BenchErrors
{
    private readonly long[] _counts = new long[Enum.GetValues<BenchErrorKind>().Length];
    private readonly string?[] _firstMessages = new string?[Enum.GetValues<BenchErrorKind>().Length];

    /// <summary>Gets how many errors of <paramref name="kind"/> were counted.</summary>
    public long this[BenchErrorKind kind] => Interlocked.Read(ref _counts[(int)kind]);

    /// <summary>Gets the number of errors of every kind.</summary>
    public long Total => _counts.Sum();

    /// <summary>Counts one error and keeps <paramref name="message"/> if it is the first of its kind.</summary>
    public void Count(BenchErrorKind kind, string message)
    {
        Interlocked.Increment(ref _counts[(int)kind]);
        Interlocked.CompareExchange(ref _firstMessages[(int)kind], message, null);
    }

    /// <summary>Counts a byte that came back different from what was sent.</summary>
    public void CountMismatch(int connectionId, long offset, byte expected, byte actual) =>
        Count(
            BenchErrorKind.Mismatch,
            FormattableString.Invariant(
                $"connection {connectionId}: echoed byte at offset {offset} is 0x{actual:X2}, expected 0x{expected:X2}"));

    /// <summary>Counts a reply byte that breaks the expected reply format (<c>--reply timestamp</c>).</summary>
    public void CountBadReply(int connectionId, long offset, byte actual, string expected) =>
        Count(
            BenchErrorKind.Mismatch,
            FormattableString.Invariant(
                $"connection {connectionId}: reply byte at offset {offset} is 0x{actual:X2}, expected {expected}"));

    /// <summary>Returns the first message counted for <paramref name="kind"/>, or null.</summary>
    public string? FirstMessage(BenchErrorKind kind) => Volatile.Read(ref _firstMessages[(int)kind]);

    /// <summary>Returns the kind with the most errors (ties go to the earlier kind), or null when there are none.</summary>
    public BenchErrorKind? Dominant()
    {
        BenchErrorKind? best = null;
        long bestCount = 0;
        foreach (var kind in Enum.GetValues<BenchErrorKind>())
        {
            if (this[kind] > bestCount)
            {
                best = kind;
                bestCount = this[kind];
            }
        }

        return best;
    }

    /// <summary>Maps an exception from a socket operation to an error kind.</summary>
    /// <param name="exception">What the operation threw.</param>
    /// <param name="timedOut">True when the run aborted the operation because it exceeded its timeout.</param>
    public static BenchErrorKind Classify(Exception exception, bool timedOut)
    {
        if (timedOut)
        {
            return BenchErrorKind.Timeout;
        }

        return exception switch
        {
            SocketException socketException => Classify(socketException.SocketErrorCode),
            EndOfStreamException => BenchErrorKind.Reset,
            _ => BenchErrorKind.Other,
        };
    }

    /// <summary>
    /// Maps a socket error to an error kind: the one table for both engines (the epoll engine's error numbers
    /// arrive here through <c>Errno.ToSocketError</c>).
    /// </summary>
    public static BenchErrorKind Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => BenchErrorKind.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted
            or SocketError.Shutdown or SocketError.NetworkReset or SocketError.NotConnected => BenchErrorKind.Reset,
        SocketError.TimedOut => BenchErrorKind.Timeout,
        _ => BenchErrorKind.Other,
    };

    /// <summary>Returns true for the exceptions a socket operation throws when the network or the run ends it.</summary>
    public static bool IsNetworkFailure(Exception exception) =>
        exception is SocketException or ObjectDisposedException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException;
}
