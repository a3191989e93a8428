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
    /// without <c>sch_netem</c>), or null when they can. Under <c>CI=true</c> it is always null, so a test fails instead of skipping.
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

    /// <summary>Puts (or replaces) a netem qdisc with <paramref name="netem"/> on both veth ends, so both directions suffer.</summary>
    /// <param name="netem">The netem arguments, for example <c>delay 40ms 20ms loss 10% reorder 25% 50% duplicate 5%</c>.</param>
    public async Task SetFaultsAsync(string netem)
    {
        ArgumentNullException.ThrowIfNull(netem);
        foreach (var (ns, link) in new[] { (Server, ServerInterface), (Client, ClientInterface) })
        {
            await RunAsync(["ip", "netns", "exec", ns, "tc", "qdisc", "replace", "dev", link, "root", "netem", .. netem.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        }
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
                probe.SetFaultsAsync("delay 1ms").GetAwaiter().GetResult();
            }
            catch (InvalidOperationException ex)
            {
                return $"this kernel has no netem qdisc (sch_netem), so faults cannot be injected: {ex.Message}";
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
