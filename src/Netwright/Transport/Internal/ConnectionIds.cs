using System.Globalization;

namespace Netwright.Transport.Internal;

/// <summary>Short, process-wide, increasing connection ids for logs (Kestrel uses base32 ids; ours read easier).</summary>
internal static class ConnectionIds
{
    private static long s_last;

    public static string Next() => "c" + Interlocked.Increment(ref s_last).ToString(CultureInfo.InvariantCulture);
}
