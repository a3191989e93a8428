using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace Netwright.Cli;

/// <summary>
/// Runs <c>netwright serve files</c> without tiered compilation, to keep the long-running file server within its
/// 64 MiB memory target, while every other command keeps the runtime's defaults (quick start-up for short runs).
/// </summary>
/// <remarks>
/// <para>The runtime reads <c>DOTNET_TieredCompilation</c> once, before any managed code runs, so neither an
/// <see cref="AppContext"/> switch nor setting the variable from inside the process changes it. On Linux the
/// command therefore re-executes itself at once, in place (execve(2): the same process id, arguments, standard
/// streams and signals), with the variable set. The server then keeps the ReadyToRun code it was published with
/// and never re-compiles hot methods: no second tier of code, no call-counting stubs and less of the JIT resident
/// (peak RSS of the server while it received 2,000 files of 64 KiB: 64-65 MiB with the defaults, 59 MiB without
/// tiering, measured with bench/files' server beside the rest). See
/// https://learn.microsoft.com/dotnet/core/runtime-config/compilation#tiered-compilation and
/// https://man7.org/linux/man-pages/man2/execve.2.html.</para>
/// <para>A value the user set (<c>DOTNET_TieredCompilation=1</c>, say) is left alone, and so is every other
/// platform; if execve fails the server simply runs with the defaults.</para>
/// </remarks>
internal static partial class ServerRuntimeSettings
{
    private const string Variable = "DOTNET_TieredCompilation";

    /// <summary>Re-executes the process without tiered compilation when it is <c>serve files</c>; returns only when it does not.</summary>
    /// <param name="args">The command line's arguments, as <c>Main</c> got them.</param>
    public static void Apply(string[] args)
    {
        if (!OperatingSystem.IsLinux() || args is not ["serve", "files", ..] || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        string[] argv;
        try
        {
            // The host's own argv ("dotnet Netwright.Cli.dll serve files ..." or "netwright serve files ..."), byte for byte.
            argv = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        var environment = new List<string> { $"{Variable}=0" };
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment.Add($"{entry.Key}={entry.Value}");
        }

        var argvPointers = ToNative(argv);
        var environmentPointers = ToNative(environment);
        try
        {
            _ = Execve("/proc/self/exe", argvPointers, environmentPointers);
        }
        finally
        {
            // Reached only when execve failed: the server runs with the defaults.
            Free(argvPointers);
            Free(environmentPointers);
        }
    }

    private static IntPtr[] ToNative(IReadOnlyList<string> strings)
    {
        // execve wants NULL-terminated arrays of NUL-terminated strings.
        var pointers = new IntPtr[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++)
        {
            pointers[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        }

        return pointers;
    }

    private static void Free(IntPtr[] pointers)
    {
        foreach (var pointer in pointers)
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, IntPtr[] argv, IntPtr[] envp);
}
