using System.Globalization;

namespace Netwright.LoadGen;

/// <summary>Reads a process's resident memory from <c>/proc/PID/status</c> (Linux only).</summary>
internal static class ServerMemory
{
    /// <summary>Returns the VmRSS of process <paramref name="pid"/> in KiB, or null when it cannot be read.</summary>
    public static long? TryReadRssKib(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(FormattableString.Invariant($"/proc/{pid}/status"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseRssKib(lines);
    }

    /// <summary>Returns the value of the <c>VmRSS:</c> line (in kB), or null when missing.</summary>
    public static long? ParseRssKib(IEnumerable<string> statusLines)
    {
        foreach (var line in statusLines)
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                return kib;
            }
        }

        return null;
    }
}
