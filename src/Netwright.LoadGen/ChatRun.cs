using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>
/// Runs the chat modes against an IRC server: chat-fanout (N receivers and one sender in one channel; deliveries
/// per second and each delivery's delay) and chat-idle (N registered clients held idle, then probed; the server's
/// memory per client). Every client is an <see cref="EpollChatClient"/> on one <see cref="EpollEngine"/> thread,
/// planned by a <see cref="ChatCoordinator"/>.
/// </summary>
/// <remarks>
/// Nicknames and channels carry a random prefix per run, so runs may follow each other against one server. A run
/// that makes no progress (no join, delivery or probe answer) for the timeout is stopped and counted as a timeout.
/// </remarks>
internal static class ChatRun
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<BenchResult> RunAsync(BenchSettings settings, TextWriter? live, CancellationToken cancellationToken)
    {
        var errors = new BenchErrors();
        var result = new BenchResult(settings, errors);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var fanout = settings.Mode == BenchMode.ChatFanout;
        var sockets = new Socket?[fanout ? settings.Connections + 1 : settings.Connections];
        var rssBefore = settings.ServerPid is { } pid ? ServerMemory.TryReadRssKib(pid) : null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Task.Run(() => TimedRun.OpenWithoutEngine(settings, errors, sockets, cancellationToken), CancellationToken.None).ConfigureAwait(false);
            result.Connected = sockets.Count(socket => socket is not null);
            if (result.Connected < sockets.Length || cancellationToken.IsCancellationRequested)
            {
                // Every client is needed: a channel with some receivers missing measures something else.
                foreach (var socket in sockets)
                {
                    socket?.Dispose();
                }

                result.Interrupted = cancellationToken.IsCancellationRequested;
                result.AllFailed = true;
                return result;
            }

            var prefix = RandomPrefix();
            var coordinator = new ChatCoordinator(settings, "#" + prefix) { StartedAt = started };
            var engine = new EpollEngine();
            var run = new RunControl(started);
            var clients = new List<EpollChatClient>(sockets.Length);
            for (var i = 0; i < sockets.Length; i++)
            {
                var isSender = fanout && i == sockets.Length - 1;
                var channel = fanout ? "#" + prefix : FormattableString.Invariant($"#{prefix}-{i / settings.ChatRoomSize}");
                var nick = isSender ? prefix + "s" : prefix + i.ToString(CultureInfo.InvariantCulture);
                var client = new EpollChatClient(i, sockets[i]!, run, errors, engine, coordinator, nick, channel);
                coordinator.Add(client, isSender);
                engine.Add(client);
                clients.Add(client);
            }

            var done = Task.WhenAll(clients.Select(client => client.RunAsync()));
            engine.Start();
            result.Interrupted = await WatchAsync(settings, coordinator, clients, done, errors, live, cancellationToken).ConfigureAwait(false);
            run.Stop(Stopwatch.GetTimestamp());
            Collect(result, settings, coordinator, rssBefore);
            result.AllFailed = !coordinator.Completed && !result.Interrupted;
            return result;
        }
        finally
        {
            result.GeneratorCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        }
    }

    /// <summary>Waits for the run to end; stops it after the timeout without progress, or on Ctrl+C (then returns true).</summary>
    private static async Task<bool> WatchAsync(BenchSettings settings, ChatCoordinator coordinator, List<EpollChatClient> clients, Task done, BenchErrors errors, TextWriter? live, CancellationToken cancellationToken)
    {
        var lastProgress = -1L;
        var lastProgressAt = Stopwatch.GetTimestamp();
        var nextLive = lastProgressAt + Stopwatch.Frequency;
        var interrupted = false;
        while (!done.IsCompleted)
        {
            await Task.WhenAny(done, Task.Delay(s_pollInterval, CancellationToken.None)).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            var progress = coordinator.Progress;
            if (progress != lastProgress)
            {
                lastProgress = progress;
                lastProgressAt = now;
            }

            if (live is not null && now >= nextLive && !done.IsCompleted)
            {
                nextLive = now + Stopwatch.Frequency;
                live.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{BenchReport.ModeName(settings.Mode)}: {coordinator.Joined} of {clients.Count} joined, {coordinator.Deliveries:N0} deliveries, {coordinator.Alive} probes answered"));
            }

            var stalled = now - lastProgressAt > RunControl.ToTicks(settings.Timeout) && !IsHolding(settings, coordinator, now);
            if ((stalled || cancellationToken.IsCancellationRequested) && !interrupted)
            {
                interrupted = cancellationToken.IsCancellationRequested;
                if (stalled)
                {
                    errors.Count(BenchErrorKind.Timeout, string.Create(CultureInfo.InvariantCulture, $"no progress for {settings.Timeout.TotalSeconds:0.###} s: {coordinator.Joined} of {clients.Count} joined, {coordinator.Deliveries:N0} deliveries, {coordinator.Alive} probes answered"));
                }

                foreach (var client in clients)
                {
                    client.Abort(timedOut: false);
                }

                interrupted = true;
            }
        }

        await done.ConfigureAwait(false);
        return interrupted && cancellationToken.IsCancellationRequested;
    }

    /// <summary>Whether a chat-idle run is in its hold, when silence is the point.</summary>
    private static bool IsHolding(BenchSettings settings, ChatCoordinator coordinator, long now) =>
        settings.Mode == BenchMode.ChatIdle && coordinator.JoinedAt != 0 && now - coordinator.JoinedAt < RunControl.ToTicks(settings.Duration) + RunControl.ToTicks(settings.Timeout);

    private static void Collect(BenchResult result, BenchSettings settings, ChatCoordinator coordinator, long? rssBefore)
    {
        result.Latency.Add(coordinator.Latency);
        var joinSeconds = coordinator.JoinedAt == 0 ? 0 : (coordinator.JoinedAt - coordinator.StartedAt) / (double)Stopwatch.Frequency;
        if (settings.Mode == BenchMode.ChatIdle)
        {
            var clients = result.Connected;
            result.DurationSeconds = settings.Duration.TotalSeconds;
            result.Hold = new HoldSummary(clients, coordinator.Joined, clients - coordinator.Alive, coordinator.Alive, joinSeconds, null, rssBefore, coordinator.ServerRssKibAfterHold);
            return;
        }

        result.RoundTrips = coordinator.Deliveries;
        result.EchoedBytes = coordinator.Deliveries * settings.Size;
        result.DurationSeconds = coordinator.LastDeliveryAt > coordinator.FirstSendAt && coordinator.FirstSendAt != 0
            ? (coordinator.LastDeliveryAt - coordinator.FirstSendAt) / (double)Stopwatch.Frequency
            : 0;
        result.Chat = new ChatSummary(settings.Connections, settings.ChatMessages, coordinator.Sent, coordinator.Deliveries, settings.ChatRate, settings.ChatRate > 0 ? 0 : settings.ChatWindow, joinSeconds);
    }

    private static string RandomPrefix()
    {
        Span<char> letters = stackalloc char[5];
        letters[0] = 'b';
        for (var i = 1; i < letters.Length; i++)
        {
            letters[i] = (char)('a' + Random.Shared.Next(26));
        }

        return new string(letters);
    }
}

/// <summary>The chat modes' defaults.</summary>
internal static class ChatDefaults
{
    /// <summary>The messages a chat-fanout sender sends.</summary>
    public const long Messages = 1000;

    /// <summary>The closed-loop window, in messages: about 6 KiB per receiver with the default size, under ngIRCd's 32 KiB send queue.</summary>
    public const int Window = 64;

    /// <summary>Idle clients per channel in chat-idle.</summary>
    public const int RoomSize = 100;
}

/// <summary>chat-fanout counters.</summary>
/// <param name="Receivers">Clients receiving the messages.</param>
/// <param name="Messages">Messages the sender was to send.</param>
/// <param name="Sent">Messages sent.</param>
/// <param name="Deliveries">Messages received, over all receivers.</param>
/// <param name="Rate">The pace asked for, in deliveries per second; 0 for closed loop.</param>
/// <param name="Window">The closed-loop window in messages; 0 when paced.</param>
/// <param name="JoinSeconds">Time from the first connect until every client had joined.</param>
internal sealed record ChatSummary(int Receivers, long Messages, long Sent, long Deliveries, double Rate, int Window, double JoinSeconds);
