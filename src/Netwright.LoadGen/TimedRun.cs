using System.Diagnostics;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Runs the pingpong, stream and udp modes: opens every connection, warms up, measures for the duration,
/// drains (bounded by the timeout plus a second) and merges the per-connection counters.
/// </summary>
internal static class TimedRun
{
    public static async Task<BenchResult> RunAsync(BenchSettings settings, TextWriter? live, CancellationToken cancellationToken)
    {
        var errors = new BenchErrors();
        var result = new BenchResult(settings, errors);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var tempDirectory = settings.Mode == BenchMode.Udp && settings.Target is System.Net.Sockets.UnixDomainSocketEndPoint
            ? Directory.CreateTempSubdirectory("netwright-bench-")
            : null;
        try
        {
            var sockets = await OpenAsync(settings, errors, tempDirectory?.FullName, cancellationToken).ConfigureAwait(false);
            result.Connected = sockets.Count(socket => socket is not null);
            if (cancellationToken.IsCancellationRequested)
            {
                foreach (var socket in sockets)
                {
                    socket?.Dispose();
                }

                result.Interrupted = true;
                result.AllFailed = result.Connected == 0 && errors.Total > 0;
                return result;
            }

            var run = new RunControl(Stopwatch.GetTimestamp() + RunControl.ToTicks(settings.Warmup));
            var engine = settings.UseEpollEngine ? new EpollEngine() : null;
            var workers = engine is null ? CreateWorkers(settings, sockets, run, errors) : CreateEpollWorkers(engine, settings, sockets, run, errors);
            var monitor = new RunMonitor(workers, run, settings, errors, live);
            var workersDone = Task.WhenAll(workers.Select(worker => worker.RunAsync()));
            engine?.Start();
            await monitor.RunAsync(workersDone, cancellationToken).ConfigureAwait(false);

            result.DurationSeconds = run.MeasuredSeconds;
            result.Stalls = monitor.Stalls;
            result.Interrupted = monitor.Interrupted;
            Collect(result, workers);
            result.AllFailed = workers.Count == 0 || workers.All(worker => worker.Failed);
            if (settings.Mode == BenchMode.Udp)
            {
                CollectUdp(result, workers, errors);
            }

            return result;
        }
        finally
        {
            result.GeneratorCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            tempDirectory?.Delete(recursive: true);
        }
    }

    private static async Task<Socket?[]> OpenAsync(BenchSettings settings, BenchErrors errors, string? tempDirectory, CancellationToken cancellationToken)
    {
        var sockets = new Socket?[settings.Connections];
        if (settings.Mode == BenchMode.Udp)
        {
            for (var i = 0; i < sockets.Length; i++)
            {
                try
                {
                    var localPath = tempDirectory is null ? null : Path.Combine(tempDirectory, FormattableString.Invariant($"{i}.sock"));
                    sockets[i] = BenchConnector.ConnectDatagram(settings.Target, localPath);
                }
                catch (SocketException ex)
                {
                    errors.Count(BenchConnector.Classify(ex), FormattableString.Invariant($"socket {i}: {BenchConnector.Describe(ex)}"));
                }
            }

            return sockets;
        }

        if (settings.UseEpollEngine)
        {
            await Task.Run(() => OpenWithoutEngine(settings, errors, sockets, cancellationToken), CancellationToken.None).ConfigureAwait(false);
            return sockets;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectConcurrency };
        try
        {
            await Parallel.ForAsync(0, settings.Connections, options, async (i, _) =>
            {
                try
                {
                    sockets[i] = await BenchConnector.ConnectStreamAsync(settings.Target, null, settings.Timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (BenchConnector.IsConnectFailure(ex))
                {
                    errors.Count(BenchConnector.Classify(ex), FormattableString.Invariant($"connection {i}: connect failed: {BenchConnector.Describe(ex)}"));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C during the connect phase: the run reports what it has.
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Parallel.ForAsync itself is not given the token, so this only guards a race at its end.
        }

        return sockets;
    }

    private static void OpenWithoutEngine(BenchSettings settings, BenchErrors errors, Socket?[] sockets, CancellationToken cancellationToken)
    {
        // Synchronous connects (with a poll for the timeout) on a few pool threads.
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, sockets.Length, options, i =>
            {
                try
                {
                    sockets[i] = BenchConnector.ConnectWithoutEngine(settings.Target, settings.Timeout);
                }
                catch (Exception ex) when (BenchConnector.IsConnectFailure(ex))
                {
                    errors.Count(BenchConnector.Classify(ex), FormattableString.Invariant($"connection {i}: connect failed: {BenchConnector.Describe(ex)}"));
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C during the connect phase: the run reports what it has.
        }
    }

    private static List<BenchWorker> CreateEpollWorkers(EpollEngine engine, BenchSettings settings, Socket?[] sockets, RunControl run, BenchErrors errors)
    {
        for (var i = 0; i < sockets.Length; i++)
        {
            if (sockets[i] is not { } socket)
            {
                continue;
            }

            engine.Add(settings.Mode switch
            {
                BenchMode.PingPong => new EpollPingPongConnection(i, socket, run, errors, settings.Size, settings.Reply, engine),
                BenchMode.Udp => new EpollUdpConnection(i, socket, run, errors, settings.Size, settings.Timeout, engine),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Mode, "the epoll engine runs pingpong and udp only"),
            });
        }

        return [.. engine.Connections];
    }

    private static List<BenchWorker> CreateWorkers(BenchSettings settings, Socket?[] sockets, RunControl run, BenchErrors errors)
    {
        var workers = new List<BenchWorker>(sockets.Length);
        for (var i = 0; i < sockets.Length; i++)
        {
            if (sockets[i] is not { } socket)
            {
                continue;
            }

            workers.Add(settings.Mode switch
            {
                BenchMode.PingPong => new PingPongWorker(i, socket, run, errors, settings.Size, settings.Reply),
                BenchMode.Stream => new StreamWorker(i, socket, run, errors, settings.Size, settings.Window),
                BenchMode.Udp => new UdpWorker(i, socket, run, errors, settings.Size, settings.Timeout),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Mode, "not a timed mode"),
            });
        }

        return workers;
    }

    private static void Collect(BenchResult result, List<BenchWorker> workers)
    {
        foreach (var worker in workers)
        {
            result.RoundTrips += worker.MeasuredExchanges;
            result.EchoedBytes += worker.MeasuredBytes;
            result.Latency.Add(worker.Latency);
        }
    }

    private static void CollectUdp(BenchResult result, List<BenchWorker> workers, BenchErrors errors)
    {
        long sent = 0, received = 0, late = 0;
        foreach (var worker in workers)
        {
            var datagrams = ((IDatagramWorker)worker).Datagrams;
            sent += datagrams.Sent;
            received += worker.MeasuredExchanges;
            late += datagrams.Late;
            if (!worker.Failed && !datagrams.AnyReply)
            {
                errors.Count(BenchErrorKind.Timeout, FormattableString.Invariant($"socket {worker.Id}: no reply to any datagram"));
            }
        }

        result.Udp = new UdpSummary(sent, received, Math.Max(0, sent - received - late), late);
        result.AllFailed = workers.Count == 0 || workers.All(worker => worker.Failed || !((IDatagramWorker)worker).Datagrams.AnyReply);
    }
}
