using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Netwright.Cli.Output;
using Netwright.Diagnostics;
using Netwright.Servers;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>
/// <c>serve --stats</c>: every interval, connections open, accepted per second, bytes in and out per second, datagrams,
/// errors and refusals. On a terminal one line is redrawn in place on stderr; otherwise one JSON object a line goes to
/// stderr. Counts come from the Netwright meter (through a <see cref="MeterListener"/>), bytes from the open
/// connections' own counters plus those of the closed ones, so a long connection's traffic shows while it flows.
/// </summary>
internal sealed class ServeStats : IDisposable, IMeterFactory
{
    private readonly ConcurrentDictionary<Connection, byte> _open = new();
    private readonly MeterListener _listener = new();
    private long _accepted;
    private long _rejected;
    private long _errors;
    private long _datagramsIn;
    private long _closedBytesIn;
    private long _closedBytesOut;
    private Sample _last;

    public ServeStats()
    {
        // Our own meter (this class is its factory): another server in the process (tests run several) is not counted.
        Metrics = new NetwrightMetrics(this);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == this && instrument.Name is "netwright.accepted_connections" or "netwright.rejected_connections" or "netwright.errors" or "netwright.datagrams")
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((ServeStats)state!).Record(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>Gets the instruments the server must record on for these statistics.</summary>
    public NetwrightMetrics Metrics { get; }

    Meter IMeterFactory.Create(MeterOptions options) => new(options.Name, options.Version, options.Tags, scope: this);

    /// <summary>Hooks the server's connection callbacks (keeping the ones already set) to follow open connections' bytes.</summary>
    public void Attach(NetServerOptions options)
    {
        var opened = options.ConnectionOpened;
        var closed = options.ConnectionClosed;
        options.ConnectionOpened = connection =>
        {
            _open.TryAdd(connection, 0);
            opened?.Invoke(connection);
        };
        options.ConnectionClosed = connection =>
        {
            if (_open.TryRemove(connection, out _))
            {
                Interlocked.Add(ref _closedBytesIn, connection.BytesReceived);
                Interlocked.Add(ref _closedBytesOut, connection.BytesSent);
            }

            closed?.Invoke(connection);
        };
    }

    /// <summary>Writes one report every <paramref name="interval"/> until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ConsoleLoggerProvider output, bool terminal, TimeSpan interval, CancellationToken cancellationToken)
    {
        _last = Take();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Take();
                var report = Report(_last, now);
                _last = now;
                if (terminal)
                {
                    output.ShowStatus(report.ToLine());
                }
                else
                {
                    output.WriteRaw(report.ToJson());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
        finally
        {
            output.EndStatus();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        Metrics.Dispose();
    }

    private void Record(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument)
        {
            case "netwright.accepted_connections":
                Interlocked.Add(ref _accepted, value);
                break;
            case "netwright.rejected_connections":
                Interlocked.Add(ref _rejected, value);
                break;
            case "netwright.errors":
                Interlocked.Add(ref _errors, value);
                break;
            default:
                Interlocked.Add(ref _datagramsIn, value);
                break;
        }
    }

    private Sample Take()
    {
        long bytesIn = Interlocked.Read(ref _closedBytesIn), bytesOut = Interlocked.Read(ref _closedBytesOut);
        foreach (var connection in _open.Keys)
        {
            bytesIn += connection.BytesReceived;
            bytesOut += connection.BytesSent;
        }

        return new Sample(System.Diagnostics.Stopwatch.GetTimestamp(), _open.Count, Interlocked.Read(ref _accepted), bytesIn, bytesOut, Interlocked.Read(ref _datagramsIn), Interlocked.Read(ref _errors), Interlocked.Read(ref _rejected));
    }

    private static StatsReport Report(Sample before, Sample now)
    {
        var seconds = Math.Max(System.Diagnostics.Stopwatch.GetElapsedTime(before.Timestamp, now.Timestamp).TotalSeconds, 1e-3);
        return new StatsReport(
            now.Open,
            (now.Accepted - before.Accepted) / seconds,
            (now.BytesIn - before.BytesIn) / seconds,
            (now.BytesOut - before.BytesOut) / seconds,
            now.Datagrams,
            now.Errors,
            now.Rejected);
    }

    private readonly record struct Sample(long Timestamp, int Open, long Accepted, long BytesIn, long BytesOut, long Datagrams, long Errors, long Rejected);
}
