using System.Runtime.InteropServices;

namespace Netwright.LoadGen;

/// <summary>The process's open-file limit (RLIMIT_NOFILE), which bounds how many sockets a run can open.</summary>
internal static partial class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    /// <summary>
    /// Raises the soft limit to the hard limit where the OS allows it and returns the soft limit now in
    /// force, or null where it is unknown (not Linux, or the call failed).
    /// </summary>
    public static ulong? RaiseToHardLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return null;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            if (SetRLimit(RlimitNofile, ref raised) == 0)
            {
                return raised.Current;
            }
        }

        return limit.Current;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
