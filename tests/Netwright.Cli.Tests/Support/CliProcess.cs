using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Netwright.Cli.Tests.Support;

/// <summary>
/// The built command run as a real process (<c>dotnet Netwright.Cli.dll ...</c> from the test's output
/// folder): stdin, stdout (as bytes) and stderr (as lines, awaitable) captured; killed on dispose if still running.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Task<byte[]> _stdout;
    private readonly Task _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = ReadAllAsync(process.StandardOutput.BaseStream);
        _stderr = PumpLinesAsync(process.StandardError, Error);
    }

    /// <summary>Gets stderr so far and still to come.</summary>
    public SignalingWriter Error { get; } = new();

    public int Id => _process.Id;

    public static CliProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("the command is not next to the tests; does the test project reference Netwright.Cli?", dll);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Writes <paramref name="input"/> to stdin as UTF-8 (no BOM) and closes it, as a pipe's writer ending.</summary>
    public async Task WriteInputAndCloseAsync(byte[] input)
    {
        var stdin = _process.StandardInput.BaseStream;
        await stdin.WriteAsync(input).AsTask().WaitAsync(Timeout);
        await stdin.FlushAsync().WaitAsync(Timeout);
        _process.StandardInput.Close();
    }

    public Task WriteInputAndCloseAsync(string input) => WriteInputAndCloseAsync(Encoding.UTF8.GetBytes(input));

    /// <summary>Waits for the process to exit and for its output to be read.</summary>
    public async Task<ProcessResult> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not exit within {Timeout.TotalSeconds} s; stderr so far:\n{Error}");
        }

        var stdout = await _stdout.WaitAsync(Timeout);
        await _stderr.WaitAsync(Timeout);
        return new ProcessResult(_process.ExitCode, stdout, Error.ToString());
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> does (Process.Kill would be SIGKILL).</summary>
    /// <summary>Sends SIGTERM; <paramref name="times"/> above 1 sends it again at once, as a supervisor signalling the process and its group does.</summary>
    public async Task SendTerminateAsync(int times = 1)
    {
        var kill = new ProcessStartInfo(File.Exists("/bin/kill") ? "/bin/kill" : "kill") { UseShellExecute = false };
        kill.ArgumentList.Add("-TERM");
        for (var i = 0; i < times; i++)
        {
            kill.ArgumentList.Add(_process.Id.ToString(CultureInfo.InvariantCulture));
        }

        using var sender = Process.Start(kill) ?? throw new InvalidOperationException("kill did not start");
        using var limit = new CancellationTokenSource(Timeout);
        await sender.WaitForExitAsync(limit.Token);
        if (sender.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {sender.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var limit = new CancellationTokenSource(Timeout);
                await _process.WaitForExitAsync(limit.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it would not die: the test's own failure matters more than this one.
        }
        finally
        {
            _process.Dispose();
        }
    }

    internal static string DotnetHost()
    {
        // Tests run under the dotnet host; use the same one so the command gets the same runtime.
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task PumpLinesAsync(StreamReader reader, TextWriter into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            into.WriteLine(line);
        }
    }
}

/// <summary>How a process ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, byte[] OutBytes, string Error)
{
    public string Out => Encoding.UTF8.GetString(OutBytes);

    public string[] ErrorLines => CliResult.Lines(Error);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
