using System.Text.Json;
using Netwright.Services.Files;
using Spectre.Console;

namespace Netwright.Cli.Commands.Files;

/// <summary>
/// How a transfer shows itself: bars per file and a total (bytes, rate, ETA) when stdout is a terminal;
/// otherwise one summary line per file, or one JSON object per line with --json. Never bars into a pipe.
/// </summary>
internal sealed class TransferOutput
{
    private readonly CliConsole _console;
    private readonly bool _json;
    private readonly string _verb;

    public TransferOutput(CliConsole console, bool json, string verb)
    {
        _console = console;
        _json = json;
        _verb = verb;
    }

    /// <summary>Runs <paramref name="transfer"/>, showing its progress, and prints each file's result.</summary>
    public async Task<IReadOnlyList<FileTransferResult>> RunAsync(long totalBytes, Func<IProgress<FileProgress>?, Task<IReadOnlyList<FileTransferResult>>> transfer)
    {
        if (_json || !_console.OutputIsTerminal)
        {
            var results = await transfer(null).ConfigureAwait(false);
            foreach (var result in results)
            {
                PrintSummary(result);
            }

            return results;
        }

        IReadOnlyList<FileTransferResult> done = [];
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new BarProgress(context, totalBytes);
                done = await transfer(bars).ConfigureAwait(false);
                bars.Finish();
            }).ConfigureAwait(false);
        foreach (var result in done)
        {
            PrintSummary(result);
        }

        return done;
    }

    private void PrintSummary(FileTransferResult result)
    {
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
        if (_json)
        {
            _console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["event"] = _verb,
                ["name"] = result.Name,
                ["path"] = result.LocalPath,
                ["size"] = result.Size,
                ["resumedFrom"] = result.ResumedFrom,
                ["algorithm"] = result.Algorithm == FileHashAlgorithm.Xxh128 ? "xxh128" : "sha256",
                ["hash"] = result.Hash,
                ["seconds"] = Math.Round(seconds, 6),
            }));
            return;
        }

        var resumed = result.ResumedFrom > 0 ? $", resumed at {result.ResumedFrom}" : "";
        var algorithm = result.Algorithm == FileHashAlgorithm.Xxh128 ? "xxh128" : "sha256";
        _console.Out.WriteLine($"{_verb} {result.Name}  {result.Size} bytes  {(result.Size - result.ResumedFrom) / seconds / 1e6:0.0} MB/s  {algorithm} {result.Hash}{resumed}");
    }

    /// <summary>Spectre bars, updated from the transfer's threads (a task's value is safe to set from any thread).</summary>
    private sealed class BarProgress : IProgress<FileProgress>
    {
        private readonly ProgressContext _context;
        private readonly ProgressTask _total;
        private readonly Dictionary<string, (ProgressTask Task, long Last)> _files = [];

        public BarProgress(ProgressContext context, long totalBytes)
        {
            _context = context;
            _total = context.AddTask("[bold]total[/]", maxValue: Math.Max(totalBytes, 1));
        }

        public void Report(FileProgress value)
        {
            lock (_files)
            {
                if (!_files.TryGetValue(value.Name, out var entry))
                {
                    entry = (_context.AddTask(Markup.Escape(value.Name), maxValue: Math.Max(value.Size, 1)), 0);
                }

                var delta = value.Transferred - entry.Last;
                entry.Task.Value = value.Transferred;
                if (value.Completed)
                {
                    entry.Task.Value = entry.Task.MaxValue;
                    entry.Task.StopTask();
                }

                _total.Increment(Math.Max(delta, 0));
                _files[value.Name] = (entry.Task, Math.Max(entry.Last, value.Transferred));
            }
        }

        public void Finish() => _total.Value = _total.MaxValue;
    }
}
