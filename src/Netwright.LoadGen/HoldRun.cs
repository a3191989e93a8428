using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Runs the hold mode: opens N connections with bounded concurrency, holds them idle for the duration,
/// then probes each with one echo. Against 127.0.0.1 the connections come from 127.0.0.2, 127.0.0.3, …
/// (<see cref="ConnectionsPerSourceAddress"/> each), so the ephemeral ports of one source address do not run out.
/// </summary>
internal static class HoldRun
{
    /// <summary>How many connections share one source address.</summary>
    public const int ConnectionsPerSourceAddress = 10_000;

    /// <summary>The connection count whose time to open is reported on its own: how fast a server accepts a crowd.</summary>
    public const int Milestone = 10_000;

    public static async Task<BenchResult> RunAsync(BenchSettings settings, TextWriter? live, CancellationToken cancellationToken)
    {
        var errors = new BenchErrors();
        var result = new BenchResult(settings, errors);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sockets = new Socket?[settings.Connections];
        var tls = new System.Net.Security.SslStream?[settings.Connections];
        try
        {
            var rssBefore = settings.ServerPid is { } pid ? ServerMemory.TryReadRssKib(pid) : null;
            var connectWatch = Stopwatch.StartNew();
            var connected = 0;
            var milestone = Math.Min(settings.Connections, Milestone);
            double? milestoneSeconds = null;
            using (var progress = StartProgress(live, () => Volatile.Read(ref connected), settings.Connections))
            {
                await ForEachAsync(settings, async i =>
                {
                    try
                    {
                        var socket = await BenchConnector.ConnectStreamAsync(settings.Target, SourceAddressFor(settings.Target, i), settings.Timeout, cancellationToken).ConfigureAwait(false);
                        if (settings.Tls is { } options)
                        {
                            tls[i] = await options.HandshakeAsync(socket, settings.Timeout, cancellationToken).ConfigureAwait(false);
                        }

                        sockets[i] = socket;
                        if (Interlocked.Increment(ref connected) == milestone)
                        {
                            milestoneSeconds = connectWatch.Elapsed.TotalSeconds;
                        }
                    }
                    catch (Exception ex) when (BenchConnector.IsConnectFailure(ex))
                    {
                        errors.Count(BenchConnector.Classify(ex), FormattableString.Invariant($"connection {i}: connect failed: {BenchConnector.Describe(ex)}"));
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // Ctrl+C while connecting: stop opening, report what is open.
                    }
                }).ConfigureAwait(false);
            }

            var connectAllSeconds = connectWatch.Elapsed.TotalSeconds;
            var rssAfter = settings.ServerPid is { } pid2 ? ServerMemory.TryReadRssKib(pid2) : null;
            live?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hold: {connected} of {settings.Connections} connected in {connectAllSeconds:F2} s; holding for {settings.Duration.TotalSeconds:0.###} s"));

            var holdWatch = Stopwatch.StartNew();
            if (!cancellationToken.IsCancellationRequested && connected > 0)
            {
                try
                {
                    await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C ends the hold early; the probes still run so the summary is complete.
                }
            }

            result.DurationSeconds = holdWatch.Elapsed.TotalSeconds;
            result.Interrupted = cancellationToken.IsCancellationRequested;
            var alive = 0;

            // After Ctrl+C all the probes together get at most a second, so the summary comes promptly even when
            // thousands of connections sit unaccepted in the server's queue and would each wait out their timeout.
            using var interruptedDeadline = result.Interrupted ? new CancellationTokenSource(TimeSpan.FromSeconds(1)) : null;
            await ForEachAsync(settings, async i =>
            {
                if (sockets[i] is not { } socket)
                {
                    return;
                }

                using var ownTimeout = interruptedDeadline is null ? new CancellationTokenSource(settings.Timeout) : null;
                var deadline = (ownTimeout ?? interruptedDeadline)!.Token;
                if (await ProbeAsync(socket, tls[i], i, settings.Size, errors, result, deadline).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref alive);
                }
            }).ConfigureAwait(false);

            result.Connected = connected;
            result.AllFailed = connected == 0;
            result.Hold = new HoldSummary(settings.Connections, connected, connected - alive, alive, connectAllSeconds, milestoneSeconds, rssBefore, rssAfter);
            return result;
        }
        finally
        {
            foreach (var stream in tls)
            {
                stream?.Dispose();
            }

            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }

            result.GeneratorCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        }
    }

    /// <summary>Returns the source address for connection <paramref name="index"/>, or null to let the system choose.</summary>
    public static IPAddress? SourceAddressFor(EndPoint target, int index)
    {
        if (target is not IPEndPoint { Address: var address } || !address.Equals(IPAddress.Loopback))
        {
            return null;
        }

        // 127.0.0.2 up to 127.0.0.254; past that, the system picks (and may run out of ports).
        var host = 2 + (index / ConnectionsPerSourceAddress);
        return host > 254 ? null : new IPAddress(new byte[] { 127, 0, 0, (byte)host });
    }

    private static async Task<bool> ProbeAsync(Socket socket, Stream? tls, int id, int size, BenchErrors errors, BenchResult result, CancellationToken deadline)
    {
        var streamStart = PayloadPattern.StreamStart(id);
        var payload = PayloadPattern.Slice(streamStart, 0, size);
        var buffer = new byte[size];
        try
        {
            var started = Stopwatch.GetTimestamp();
            if (tls is not null)
            {
                await tls.WriteAsync(payload, deadline).ConfigureAwait(false);
            }
            else
            {
                await socket.SendAsync(payload, SocketFlags.None, deadline).ConfigureAwait(false);
            }

            var received = 0;
            while (received < size)
            {
                var count = tls is not null
                    ? await tls.ReadAsync(buffer.AsMemory(received), deadline).ConfigureAwait(false)
                    : await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, deadline).ConfigureAwait(false);
                if (count == 0)
                {
                    return false;
                }

                received += count;
            }

            var index = PayloadPattern.FindMismatch(payload.Span, buffer);
            if (index >= 0)
            {
                errors.CountMismatch(id, index, payload.Span[index], buffer[index]);
                return false;
            }

            var elapsed = RunControl.ToNanoseconds(Stopwatch.GetTimestamp() - started);
            lock (result.Latency)
            {
                result.Latency.Record(elapsed);
                result.RoundTrips++;
                result.EchoedBytes += size;
            }

            return true;
        }
        catch (Exception ex) when (BenchErrors.IsNetworkFailure(ex))
        {
            // A connection the server closed or reset while held is "dropped", not a generator error.
            return false;
        }
    }

    private static Task ForEachAsync(BenchSettings settings, Func<int, Task> body) =>
        Parallel.ForAsync(
            0,
            settings.Connections,
            new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectConcurrency },
            async (i, _) => await body(i).ConfigureAwait(false));

    private static Timer? StartProgress(TextWriter? live, Func<int> connected, int requested)
    {
        if (live is null)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        return new Timer(
            _ => live.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{watch.Elapsed.TotalSeconds,6:F1} s] connecting  {connected()} of {requested}")),
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));
    }
}
