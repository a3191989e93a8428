using System.Diagnostics;

namespace Netwright.InteropTests.Infrastructure;

/// <summary>
/// Finds the Python interpreters the seeds' programs need: any <c>python3</c> on PATH, and for the Twisted
/// programs <c>/usr/bin/python3</c> with <c>python3-twisted</c> (Debian's package; .ci/run installs it).
/// </summary>
/// <remarks>
/// Under CI (<c>CI=true</c>) a missing interpreter fails the tests that need it; elsewhere they are
/// skipped with the reason, so a machine without Python still runs the rest.
/// </remarks>
internal static class PythonRuntime
{
    /// <summary>The interpreter the Twisted programs run with.</summary>
    public const string TwistedPath = "/usr/bin/python3";

    private static readonly Lazy<string?> s_python = new(() => Probe(FindOnPath("python3"), "import sys; print(sys.executable)"));
    private static readonly Lazy<string?> s_twisted = new(() => Probe(File.Exists(TwistedPath) ? TwistedPath : null, "import twisted, sys; print(sys.executable)"));

    /// <summary>Gets whether the tests run under CI, where missing tools are failures, not skips.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Gets the real python3 executable (not a pyenv shim), or throws with the reason.</summary>
    public static string Python => s_python.Value ?? throw new InvalidOperationException("python3 was not found on PATH; the interop tests need Python 3.7 or later");

    /// <summary>Gets the Python that can import Twisted, or throws with the reason.</summary>
    public static string Twisted => s_twisted.Value ?? throw new InvalidOperationException($"{TwistedPath} cannot import twisted; install it with: apt-get install python3-twisted");

    /// <summary>The reason to skip a test that needs Python (and Twisted), or null to run it.</summary>
    public static string? SkipReason(bool twisted)
    {
        if (IsCi)
        {
            return null;
        }

        if (s_python.Value is null)
        {
            return "python3 is not installed (under CI=true this is a failure)";
        }

        return twisted && s_twisted.Value is null
            ? $"{TwistedPath} cannot import twisted (apt-get install python3-twisted; under CI=true this is a failure)"
            : null;
    }

    /// <summary>Starts one of the seeds' programs from tests/interop with the given arguments.</summary>
    public static ChildProcess StartInterop(string fileName, params string[] arguments) =>
        ChildProcess.Start(Python, ["-u", RepoPaths.InteropProgram(fileName), .. arguments]);

    /// <summary>Starts one of the seeds' Twisted programs with the Twisted interpreter.</summary>
    public static ChildProcess StartTwisted(string fileName, params string[] arguments) =>
        ChildProcess.Start(Twisted, ["-u", RepoPaths.InteropProgram(fileName), .. arguments]);

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private static string? Probe(string? interpreter, string code)
    {
        if (interpreter is null)
        {
            return null;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(interpreter, ["-c", code])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            // The untimed wait also waits for the output events to drain.
            process.WaitForExit();
            var executable = output.ToString().Trim();
            return process.ExitCode == 0 && executable.Length > 0 ? executable : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
