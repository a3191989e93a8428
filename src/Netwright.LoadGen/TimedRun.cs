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
            var tls = new System.Net.Security.SslStream?[settings.Connections];
            var sockets = settings.Mode == BenchMode.Connect
                ? new Socket?[settings.Connections]
                : await OpenAsync(settings, errors, tempDirectory?.FullName, tls, cancellationToken).ConfigureAwait(false);
            if (settings.Mode == BenchMode.Connect)
            {
                // Each connect worker opens its own connections, again and again.
                result.Connected = settings.Connections;
            }
            else
            {
                result.Connected = sockets.Count(socket => socket is not null);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                foreach (var socket in sockets)
                {
                    socket?.Dispose();
                }

                foreach (var stream in tls)
                {
                    stream?.Dispose();
                }

                result.Interrupted = true;
                result.AllFailed = result.Connected == 0 && errors.Total > 0;
                return result;
            }

            var run = new RunControl(Stopwatch.GetTimestamp() + RunControl.ToTicks(settings.Warmup));
            var engines = settings.UseEpollEngine ? CreateEngines(settings.Threads) : [];
            var workers = engines.Length == 0 ? CreateWorkers(settings, sockets, tls, run, errors) : CreateEpollWorkers(engines, settings, sockets, run, errors);
            var monitor = new RunMonitor(workers, run, settings, errors, live);
            var workersDone = Task.WhenAll(workers.Select(worker => worker.RunAsync()));
            foreach (var engine in engines)
            {
                engine.Start();
            }

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

    private static async Task<Socket?[]> OpenAsync(BenchSettings settings, BenchErrors errors, string? tempDirectory, System.Net.Security.SslStream?[] tls, CancellationToken cancellationToken)
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
                    var socket = await BenchConnector.ConnectStreamAsync(settings.Target, null, settings.Timeout, cancellationToken).ConfigureAwait(false);
                    if (settings.Tls is { } options)
                    {
                        tls[i] = await options.HandshakeAsync(socket, settings.Timeout, cancellationToken).ConfigureAwait(false);
                    }

                    sockets[i] = socket;
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

    /// <summary>Connects every socket with synchronous calls (so the runtime's engine never registers them); failures are counted.</summary>
    internal static void OpenWithoutEngine(BenchSettings settings, BenchErrors errors, Socket?[] sockets, CancellationToken cancellationToken)
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

    private static EpollEngine[] CreateEngines(int count)
    {
        var engines = new EpollEngine[count];
        for (var i = 0; i < engines.Length; i++)
        {
            engines[i] = new EpollEngine();
        }

        return engines;
    }

    /// <summary>Deals the connections out to the engines round robin, so each thread drives an equal share.</summary>
    private static List<BenchWorker> CreateEpollWorkers(EpollEngine[] engines, BenchSettings settings, Socket?[] sockets, RunControl run, BenchErrors errors)
    {
        var workers = new List<BenchWorker>(sockets.Length);
        for (var i = 0; i < sockets.Length; i++)
        {
            if (sockets[i] is not { } socket)
            {
                continue;
            }

            var engine = engines[i % engines.Length];

            EpollConnection connection = settings.Mode switch
            {
                BenchMode.PingPong => new EpollPingPongConnection(i, socket, run, errors, settings.Size, settings.Reply, engine),
                BenchMode.Udp => new EpollUdpConnection(i, socket, run, errors, settings.Size, settings.Timeout, engine),
                _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Mode, "the epoll engine runs pingpong and udp only"),
            };
            engine.Add(connection);
            workers.Add(connection);
        }

        return workers;
    }

    private static List<BenchWorker> CreateWorkers(BenchSettings settings, Socket?[] sockets, System.Net.Security.SslStream?[] tls, RunControl run, BenchErrors errors)
    {
        var workers = new List<BenchWorker>(sockets.Length);
        if (settings.Mode == BenchMode.Connect)
        {
            for (var i = 0; i < sockets.Length; i++)
            {
                workers.Add(new ConnectWorker(i, settings, run, errors));
            }

            return workers;
        }

        for (var i = 0; i < sockets.Length; i++)
        {
            if (sockets[i] is not { } socket)
            {
                continue;
            }

            workers.Add(settings.Mode switch
            {
                BenchMode.PingPong => new PingPongWorker(i, socket, run, errors, settings.Size, settings.Reply, tls[i]),
                BenchMode.Stream => new StreamWorker(i, socket, run, errors, settings.Size, settings.Window, tls[i]),
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
