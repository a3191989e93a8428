using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Netwright.InteropTests.Infrastructure;

/// <summary>
/// A program run by a test: stdin is a pipe, stdout and stderr are collected as text (prompts without a
/// newline included), and every wait has a time limit. Disposing kills the process and its children if
/// they are still running.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputCollector _stdout = new();
    private readonly OutputCollector _stderr = new();
    private readonly Task _readers;

    private ChildProcess(Process process, string description)
    {
        _process = process;
        Description = description;
        _readers = Task.WhenAll(
            _stdout.CollectAsync(process.StandardOutput.BaseStream),
            _stderr.CollectAsync(process.StandardError.BaseStream));
    }

    /// <summary>Gets the command line, for messages.</summary>
    public string Description { get; }

    /// <summary>Gets everything written to stdout so far.</summary>
    public string Output => _stdout.Text;

    /// <summary>Gets everything written to stderr so far.</summary>
    public string Error => _stderr.Text;

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var description = string.Join(' ', new[] { fileName }.Concat(info.ArgumentList.Select(Quote)));
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {description}");
        return new ChildProcess(process, description);
    }

    /// <summary>Writes text to the program's stdin.</summary>
    public async Task WriteInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes stdin: the program sees the end of its input.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until stdout matches <paramref name="pattern"/> and returns the match.</summary>
    public Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout) => WaitForAsync(_stdout, "stdout", pattern, timeout);

    /// <summary>Waits until stderr matches <paramref name="pattern"/> and returns the match.</summary>
    public Task<Match> WaitForErrorAsync(Regex pattern, TimeSpan timeout) => WaitForAsync(_stderr, "stderr", pattern, timeout);

    /// <summary>Waits for the first stdout line <c>netwright: listening on HOST:PORT</c> that every interop server and server sample prints, and returns the port.</summary>
    public async Task<int> WaitForListeningPortAsync(TimeSpan timeout)
    {
        var match = await WaitForOutputAsync(ListeningLine(), timeout);
        return int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for the program to exit by itself and for its output to be read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Description} did not exit within {timeout.TotalSeconds:0.#} s\n{Transcript()}");
        }

        // The pipes reach their end with the process, unless a process it started keeps them open (the
        // compiler server that a build starts does); what was written is read within a moment either way.
        await Task.WhenAny(_readers, Task.Delay(TimeSpan.FromSeconds(3)));
        return _process.ExitCode;
    }

    /// <summary>Asks the program to stop with SIGTERM (Ctrl+C on Windows is not sent; it is killed there).</summary>
    public void Terminate()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
            return;
        }

        _ = SendSignal(_process.Id, 15);
    }

    /// <summary>The output so far, for assertion messages.</summary>
    public string Transcript() => $"--- {Description}\n--- stdout:\n{Output}\n--- stderr:\n{Error}\n---";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or the kernel is slow to reap it; nothing more a test can do.
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^netwright: listening on (?<host>\S+):(?<port>\d+)$", RegexOptions.Multiline)]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private static string Quote(string argument) => argument.Length == 0 || argument.Contains(' ', StringComparison.Ordinal) ? $"'{argument}'" : argument;

    private async Task<Match> WaitForAsync(OutputCollector collector, string name, Regex pattern, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var changed = collector.NextChange;
            var match = pattern.Match(collector.Text);
            if (match.Success)
            {
                return match;
            }

            if (collector.IsComplete)
            {
                throw new InvalidOperationException($"{name} of {Description} ended without matching /{pattern}/\n{Transcript()}");
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{name} of {Description} did not match /{pattern}/ within {timeout.TotalSeconds:0.#} s\n{Transcript()}");
            }
        }
    }
}
