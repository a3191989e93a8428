using System.Diagnostics;
using System.Globalization;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>
/// Runs one attack against one server while a well-behaved client keeps talking to it, and returns every
/// bound the server broke: a slow or wrong answer, memory growth, a crash, a log flood, or the attack's
/// own treatment check.
/// </summary>
internal static class AttackRunner
{
    /// <summary>The most one attack may take, its checks included.</summary>
    public static readonly TimeSpan AttackLimit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ProbeGiveUp = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PauseBetweenProbes = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Runs a few well-behaved exchanges against a fresh server before its first attack, so that attack measures the
    /// server and not its first JIT compilations (a cold files server took its first connect-then-reset loop at
    /// +42 MiB and 1.26 s, a warm one well within the bounds).
    /// </summary>
    public static async Task WarmUpAsync(HostileTarget target, ServerProcess server)
    {
        using var limit = new CancellationTokenSource(AttackLimit);
        for (var i = 0; i < 20; i++)
        {
            await using var client = await HostileClient.ConnectAsync(server.Tcp, limit.Token);
            await target.Service.ConverseAsync(client, Invariant($"warm-{i}"), limit.Token);
        }
    }

    /// <summary>Runs <paramref name="attack"/>, writes what it measured to the test's output, and fails the test on any broken bound.</summary>
    public static async Task RunAndCheckAsync(HostileAttack attack, HostileTarget target, ServerProcess server, Xunit.Abstractions.ITestOutputHelper output)
    {
        var outcome = await RunAsync(attack, target, server);
        output.WriteLine($"{attack} against {target}: {outcome.Summary}");
        Assert.True(outcome.Failures.Count == 0, $"{attack} against {target}:\n- " + string.Join("\n- ", outcome.Failures));
    }

    public static async Task<AttackOutcome> RunAsync(HostileAttack attack, HostileTarget target, ServerProcess server)
    {
        var failures = new List<string>();
        if (!server.IsAlive)
        {
            return new AttackOutcome([$"the server was not running before the attack:\n{server.LogSince(0)}"], TimeSpan.Zero, 0, 0);
        }

        var logStart = server.LogLineCount;
        var baseline = server.ReadRss();
        using var limit = new CancellationTokenSource(AttackLimit);
        var context = new AttackContext(target, server, attack.Transport, limit.Token);
        var probes = new ProbeRecord();
        var sampler = new RssSampler(server);
        Task attackTask;
        try
        {
            attackTask = Task.Run(() => attack.RunAsync(context), limit.Token);
            await ProbeUntilAsync(attack, context, attackTask, probes);
            await attackTask;
        }
        catch (Exception ex)
        {
            failures.Add($"the attack's treatment check failed: {ex.GetType().Name}: {ex.Message}{Environment.NewLine}{ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains(".Attacks.", StringComparison.Ordinal) || l.Contains("AttackContext", StringComparison.Ordinal))}");
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        if (!context.Holding.IsCompleted)
        {
            failures.Add("the attack never reached its peak (HoldAsync was not called)");
        }

        failures.AddRange(probes.Failures);
        if (probes.Slowest > attack.ServiceBound)
        {
            failures.Add(Invariant($"a well-behaved client waited {probes.Slowest.TotalMilliseconds:0} ms (bound {attack.ServiceBound.TotalMilliseconds:0} ms; {probes.Count} exchanges)"));
        }

        var growth = sampler.Peak - baseline;
        if (growth > attack.MemoryBound)
        {
            failures.Add(Invariant($"RSS grew {growth / 1048576.0:0.0} MiB (bound {attack.MemoryBound / 1048576.0:0.0} MiB; {baseline / 1048576.0:0.0} MiB before)"));
        }

        if (!server.IsAlive)
        {
            failures.Add("the server process exited");
        }
        else
        {
            await FinalProbeAsync(attack, context, failures);
        }

        var logLines = server.LogLineCount - logStart;
        var log = server.LogSince(logStart);
        if (logLines > attack.LogLineBound)
        {
            failures.Add(Invariant($"the attack caused {logLines} log lines (bound {attack.LogLineBound})"));
        }

        if (log.Contains("crit:", StringComparison.Ordinal) || log.Contains("Unhandled exception", StringComparison.Ordinal))
        {
            failures.Add("the server logged a critical error or an unhandled exception");
        }

        if (failures.Count > 0)
        {
            failures.Add($"server log during the attack (first lines):\n{string.Join('\n', log.Split('\n').Take(15))}");
        }

        return new AttackOutcome(failures, probes.Slowest, probes.Count, growth);
    }

    private static async Task ProbeUntilAsync(HostileAttack attack, AttackContext context, Task attackTask, ProbeRecord probes)
    {
        var heldProbes = 0;
        var number = 0;
        while (!attackTask.IsCompleted)
        {
            var holding = context.Holding.IsCompleted;
            var ok = await ProbeOnceAsync(attack, context, probes, ++number);
            if (holding && (++heldProbes >= AttackContext.ProbesPerHold || !ok))
            {
                context.Release();
            }

            await Task.WhenAny(attackTask, Task.Delay(PauseBetweenProbes, context.Token));
        }
    }

    private static async Task<bool> ProbeOnceAsync(HostileAttack attack, AttackContext context, ProbeRecord probes, int number)
    {
        // Give a slow answer time to arrive, so the report says how slow rather than only "too slow".
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.Token);
        limit.CancelAfter(attack.ServiceBound * 5 > ProbeGiveUp ? attack.ServiceBound * 5 : ProbeGiveUp);
        var watch = Stopwatch.StartNew();
        var text = Invariant($"probe-{number}");
        try
        {
            await using (var client = await context.ConnectAsync())
            {
                await context.Target.Service.ConverseAsync(client, text, limit.Token);
            }

            if (attack.Transport == AttackTransport.Udp)
            {
                await ConverseOverUdpWithRetriesAsync(context, text, limit.Token);
            }

            probes.Add(watch.Elapsed, null);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            probes.Add(watch.Elapsed, $"a well-behaved client failed after {watch.Elapsed.TotalMilliseconds:0} ms: {ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }

    private static async Task ConverseOverUdpWithRetriesAsync(AttackContext context, string text, CancellationToken cancellationToken)
    {
        // Under a flood the kernel may drop a datagram before the server sees it; a well-behaved UDP client
        // retries, as DNS resolvers do, so a lost datagram is not a failure but a late answer is.
        for (var attempt = 1; ; attempt++)
        {
            using var retry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            retry.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                await context.Target.Service.ConverseOverUdpAsync(context.Udp, text, retry.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer within 200 ms: send again.
            }
        }
    }

    private static async Task FinalProbeAsync(HostileAttack attack, AttackContext context, List<string> failures)
    {
        var after = new ProbeRecord();
        await ProbeOnceAsync(attack, context, after, 0);
        foreach (var failure in after.Failures)
        {
            failures.Add("after the attack, " + failure);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class ProbeRecord
    {
        private readonly List<string> _failures = [];

        public int Count { get; private set; }

        public TimeSpan Slowest { get; private set; }

        public IEnumerable<string> Failures => _failures.Take(3);

        public void Add(TimeSpan elapsed, string? failure)
        {
            Count++;
            Slowest = elapsed > Slowest ? elapsed : Slowest;
            if (failure is not null)
            {
                _failures.Add(failure);
            }
        }
    }
}
