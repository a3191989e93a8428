using System.Diagnostics;
using System.Globalization;

namespace Netwright.LoadGen;

/// <summary>
/// Watches a timed run ten times a second: ends the measurement on time or on Ctrl+C, aborts exchanges
/// that exceed the timeout, bounds the drain, counts stalls and writes the live line.
/// </summary>
internal sealed class RunMonitor
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<BenchWorker> _workers;
    private readonly RunControl _run;
    private readonly BenchSettings _settings;
    private readonly BenchErrors _errors;
    private readonly TextWriter? _live;

    public RunMonitor(IReadOnlyList<BenchWorker> workers, RunControl run, BenchSettings settings, BenchErrors errors, TextWriter? live)
    {
        _workers = workers;
        _run = run;
        _settings = settings;
        _errors = errors;
        _live = live;
    }

    /// <summary>Gets the whole seconds in which no worker made progress.</summary>
    public long Stalls { get; private set; }

    /// <summary>Gets whether Ctrl+C ended the measurement.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>Supervises until every worker has finished; returns once <paramref name="workersDone"/> completes.</summary>
    public async Task RunAsync(Task workersDone, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = _run.MeasureStart + RunControl.ToTicks(_settings.Duration);
        var timeoutTicks = RunControl.ToTicks(_settings.Timeout);
        var drainDeadline = long.MaxValue;
        var second = Stopwatch.Frequency;
        var nextReport = started + second;
        var lastProgress = TotalProgress();
        using var timer = new PeriodicTimer(s_tick);
        while (!workersDone.IsCompleted)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_run.IsStopping && (now >= stopAt || cancellationToken.IsCancellationRequested))
            {
                Interrupted = cancellationToken.IsCancellationRequested;
                _run.Stop(now);
                // Exchanges get their timeout to finish; after Ctrl+C only a second, so the summary comes
                // before System.CommandLine's termination timeout (2 s).
                drainDeadline = now + (Interrupted ? second : timeoutTicks + second);
            }

            if (now >= drainDeadline)
            {
                foreach (var worker in _workers)
                {
                    worker.Abort(timedOut: false);
                }

                break;
            }

            foreach (var worker in _workers)
            {
                if (worker.IsOverdue(now, timeoutTicks))
                {
                    worker.Abort(timedOut: true);
                }
            }

            if (now >= nextReport)
            {
                var progress = TotalProgress();
                if (progress == lastProgress && !_run.IsStopping)
                {
                    Stalls++;
                    _live?.WriteLine("bench: stall, no progress on any connection for 1 s");
                }

                WriteLiveLine(now - started, progress - lastProgress, (now - nextReport + second) / (double)second);
                lastProgress = progress;
                nextReport = now + second;
            }

            await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await workersDone.ConfigureAwait(false);
    }

    private long TotalProgress()
    {
        long total = 0;
        foreach (var worker in _workers)
        {
            total += worker.Progress;
        }

        return total;
    }

    private void WriteLiveLine(long elapsedTicks, long progress, double seconds)
    {
        if (_live is null || seconds <= 0)
        {
            return;
        }

        var phase = _run.IsStopping ? "draining" : Stopwatch.GetTimestamp() < _run.MeasureStart ? "warm-up" : "measuring";
        var rate = _settings.Mode == BenchMode.Stream
            ? string.Create(CultureInfo.InvariantCulture, $"{progress / seconds / 1e6,9:F2} MB/s")
            : string.Create(CultureInfo.InvariantCulture, $"{progress / seconds,11:N0} {_settings.Mode switch { BenchMode.Udp => "datagrams", BenchMode.Connect => "connections", _ => "round trips" }}/s");
        _live.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[{elapsedTicks / (double)Stopwatch.Frequency,6:F1} s] {phase,-9} {rate}  errors {_errors.Total}  stalls {Stalls}"));
    }
}
