using System.Diagnostics;
using System.Globalization;

namespace Netwright.Testing;

/// <summary>
/// Two fresh network namespaces joined by a veth pair, for fault runs: <see cref="Server"/> holds
/// <see cref="ServerAddress"/>, <see cref="Client"/> holds <see cref="ClientAddress"/>, and
/// <see cref="SetFaultsAsync"/> puts a <c>tc netem</c> qdisc (loss, delay, reordering, duplication) on both
/// ends. Nothing is added to the host's own namespace; names carry the pid and a random suffix so parallel
/// runs never meet. Needs root (CI runs as root) and iproute2; disposing deletes both namespaces.
/// </summary>
/// <remarks>Run a program inside one with <see cref="Exec"/> (<c>ip netns exec NAME ...</c>).</remarks>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(20);
    private static readonly Lazy<string?> s_cannotCreate = new(ProbeCannotCreate);
    private static bool s_hasNetem;

    private NetworkNamespace(string suffix, int subnet)
    {
        Server = $"nw-{suffix}-s";
        Client = $"nw-{suffix}-c";
        ServerInterface = $"nws{suffix[^8..]}";
        ClientInterface = $"nwc{suffix[^8..]}";
        ServerAddress = string.Create(CultureInfo.InvariantCulture, $"10.213.{subnet}.1");
        ClientAddress = string.Create(CultureInfo.InvariantCulture, $"10.213.{subnet}.2");
    }

    /// <summary>Gets the server-side namespace's name.</summary>
    public string Server { get; }

    /// <summary>Gets the client-side namespace's name.</summary>
    public string Client { get; }

    /// <summary>Gets the veth end inside <see cref="Server"/>.</summary>
    public string ServerInterface { get; }

    /// <summary>Gets the veth end inside <see cref="Client"/>.</summary>
    public string ClientInterface { get; }

    /// <summary>Gets the IPv4 address inside <see cref="Server"/>.</summary>
    public string ServerAddress { get; }

    /// <summary>Gets the IPv4 address inside <see cref="Client"/>.</summary>
    public string ClientAddress { get; }

    /// <summary>
    /// Gets why fault runs cannot happen here (not root, no <c>ip</c>, a sandbox without CAP_NET_ADMIN, a kernel
    /// with neither <c>sch_netem</c> nor <c>iptables</c>), or null when they can. Under <c>CI=true</c> it is always null, so a test fails instead of skipping.
    /// </summary>
    public static string? SkipReason => Environment.GetEnvironmentVariable("CI") == "true" ? null : s_cannotCreate.Value;

    /// <summary>Creates the pair of namespaces, the veth pair, the addresses, and brings everything up.</summary>
    public static async Task<NetworkNamespace> CreateAsync()
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId % 100000}{Random.Shared.Next(0x1000000):x6}");
        var created = new NetworkNamespace(suffix, Random.Shared.Next(1, 255));
        try
        {
            await RunAsync("ip", "netns", "add", created.Server);
            await RunAsync("ip", "netns", "add", created.Client);
            await RunAsync("ip", "-n", created.Server, "link", "add", created.ServerInterface, "type", "veth", "peer", "name", created.ClientInterface, "netns", created.Client);
            await RunAsync("ip", "-n", created.Server, "addr", "add", created.ServerAddress + "/30", "dev", created.ServerInterface);
            await RunAsync("ip", "-n", created.Client, "addr", "add", created.ClientAddress + "/30", "dev", created.ClientInterface);
            foreach (var (ns, link) in new[] { (created.Server, created.ServerInterface), (created.Client, created.ClientInterface) })
            {
                await RunAsync("ip", "-n", ns, "link", "set", link, "up");
                await RunAsync("ip", "-n", ns, "link", "set", "lo", "up");
            }

            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gets whether this kernel has the netem qdisc (known once <see cref="SkipReason"/> or <see cref="CreateAsync"/> has probed).</summary>
    public static bool HasNetem => s_cannotCreate.Value is null && s_hasNetem;

    /// <summary>
    /// Replaces the faults on both veth ends, so both directions suffer, and returns the faults this kernel could not
    /// impose, each with the reason (empty when all were). Without <c>sch_netem</c>, loss and duplication are netfilter
    /// rules and delay, jitter and reordering cannot be imposed: <c>tbf</c> and <c>htb</c>, the shapers this kind of
    /// kernel has, delay only traffic that exceeds their rate, not each packet.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetFaultsAsync(LinkFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        _ = s_cannotCreate.Value;
        var ends = new[] { (Server, ServerInterface, ClientAddress), (Client, ClientInterface, ServerAddress) };
        if (s_hasNetem)
        {
            foreach (var (ns, link, _) in ends)
            {
                await RunAsync(["ip", "netns", "exec", ns, "tc", "qdisc", "replace", "dev", link, "root", "netem", .. faults.NetemArguments()]);
            }

            return [];
        }

        foreach (var (ns, link, peer) in ends)
        {
            await RunAsync("ip", "netns", "exec", ns, "iptables", "-w", "-F", "INPUT");
            await RunAsync("ip", "netns", "exec", ns, "iptables", "-w", "-t", "mangle", "-F", "POSTROUTING");
            if (faults.LossPercent > 0)
            {
                // Dropped on arrival: a drop on the way out would fail the sender's send (EPERM), which real loss never does.
                await RunAsync(["ip", "netns", "exec", ns, "iptables", "-w", "-A", "INPUT", "-i", link, .. RandomShare(faults.LossPercent), "-j", "DROP"]);
            }

            if (faults.DuplicatePercent > 0)
            {
                // TEE sends a copy of the packet straight to the peer; the original goes on its way.
                await RunAsync(["ip", "netns", "exec", ns, "iptables", "-w", "-t", "mangle", "-A", "POSTROUTING", "-o", link, .. RandomShare(faults.DuplicatePercent), "-j", "TEE", "--gateway", peer]);
            }
        }

        const string Why = "this kernel has no netem qdisc (sch_netem) and nothing else here delays or reorders each packet";
        var missing = new List<string>();
        if (faults.Delay > TimeSpan.Zero)
        {
            missing.Add($"delay {faults.Delay.TotalMilliseconds:0} ms: {Why}");
        }

        if (faults.Jitter > TimeSpan.Zero)
        {
            missing.Add($"jitter {faults.Jitter.TotalMilliseconds:0} ms: {Why}");
        }

        if (faults.ReorderPercent > 0)
        {
            missing.Add($"reordering {faults.ReorderPercent}%: {Why}");
        }

        return missing;
    }

    /// <summary>Returns start info that runs <paramref name="fileName"/> inside namespace <paramref name="name"/>.</summary>
    public static ProcessStartInfo Exec(string name, string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", name, fileName, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace destroys the veth end inside it, and with it the peer.
        foreach (var name in new[] { Server, Client })
        {
            try
            {
                await RunAsync("ip", "netns", "del", name);
            }
            catch (InvalidOperationException)
            {
                // Never created (creation failed part-way): nothing to delete.
            }
        }
    }

    private static IEnumerable<string> RandomShare(double percent) => percent >= 100
        ? []
        : ["-m", "statistic", "--mode", "random", "--probability", (percent / 100).ToString("0.####", CultureInfo.InvariantCulture)];

    private static async Task<bool> TryRunAsync(params string[] command)
    {
        try
        {
            await RunAsync(command);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(CommandLimit);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' exited with {process.ExitCode}: {(await error).Trim()}{(await output).Trim()}");
        }
    }

    private static string? ProbeCannotCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux-only";
        }

        try
        {
            var probe = CreateAsync().GetAwaiter().GetResult();
            try
            {
                s_hasNetem = TryRunAsync("ip", "netns", "exec", probe.Server, "tc", "qdisc", "replace", "dev", probe.ServerInterface, "root", "netem", "delay", "1ms").GetAwaiter().GetResult();
                if (!s_hasNetem && !TryRunAsync("ip", "netns", "exec", probe.Server, "iptables", "-w", "-A", "INPUT", "-m", "statistic", "--mode", "random", "--probability", "0.5", "-j", "DROP").GetAwaiter().GetResult())
                {
                    return "this kernel has no netem qdisc (sch_netem) and iptables with the statistic match is missing, so no fault can be injected";
                }
            }
            finally
            {
                probe.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return $"cannot create network namespaces here (needs root and iproute2): {ex.Message}";
        }
    }
}
