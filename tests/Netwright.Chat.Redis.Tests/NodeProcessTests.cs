using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Netwright.Chat.Redis.Tests;

/// <summary>A chat node as a real <c>netwright serve chat --redis</c> process, killed without warning.</summary>
public sealed partial class NodeProcessTests : IAsyncLifetime
{
    private readonly string _network = $"Test{Guid.NewGuid():N}";
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AKilledNodesUsersQuitAndTheirNicknamesAreFreeWithinTheLease()
    {
        // The in-process node uses the prefix serve chat derives from --network.
        await using var a = await ChatNode.StartAsync(_redis.Endpoint, $"netwright:chat:{_network}:", TimeSpan.FromSeconds(2));
        using var node = StartServeChat(out var ready);
        try
        {
            await KillAndRejoinAsync(a, node, await ready.Task.DefaultTimeout());
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
    }

    private async Task KillAndRejoinAsync(ChatNode a, Process node, int port)
    {
        await using var carl = await ChatTestClient.IrcAsync(port, "carl", "#t");
        await using var alice = await ChatTestClient.IrcAsync(a.Port, "alice", "#t");
        await carl.ExpectAsync(":alice!alice@127.0.0.1 JOIN #t");
        await carl.SendAsync("PRIVMSG #t :still here\r\n");
        await alice.ExpectAsync(":carl!carl@127.0.0.1 PRIVMSG #t :still here");
        await using (var taken = await ChatTestClient.ConnectAsync(a.Port))
        {
            await taken.SendAsync("NICK carl\r\n");
            await taken.ExpectAsync(" 433 * carl ");
        }

        // SIGKILL: no QUIT, no release. The node's lease (2 s) runs out; alice's node tells the room carl is gone.
        node.Kill();
        await node.WaitForExitAsync().DefaultTimeout();
        await alice.ExpectAsync(":carl!carl@127.0.0.1 QUIT :*.net *.split");

        // The nickname is free in Redis too: claimed by a new carl on alice's node, who is not disconnected for it.
        await using var again = await ChatTestClient.IrcAsync(a.Port, "carl", "#t");
        await alice.ExpectAsync(":carl!carl@127.0.0.1 JOIN #t");
        await again.SendAsync("PRIVMSG #t :back\r\n");
        await alice.ExpectAsync(":carl!carl@127.0.0.1 PRIVMSG #t :back");
        await using var b = await ChatNode.StartAsync(_redis.Endpoint, $"netwright:chat:{_network}:", TimeSpan.FromSeconds(2));
        await using var late = await ChatTestClient.ConnectAsync(b.Port);
        await late.SendAsync("NICK carl\r\n");
        await late.ExpectAsync(" 433 * carl ");
    }

    private Process StartServeChat(out TaskCompletionSource<int> ready)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Netwright.Cli.dll");
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { dll, "serve", "chat", "--tcp", "127.0.0.1:0", "--redis", _redis.Endpoint, "--redis-lease", "2", "--network", _network, "--flood-rate", "0", "--max-connections-per-address", "0", "--verbose" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registered = false;
        int? port = null;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("serve chat exited before it was ready"));
                return;
            }

            if (ListeningOn().Match(e.Data) is { Success: true } m)
            {
                port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            registered |= e.Data.Contains("registered in Redis", StringComparison.Ordinal);
            if (port is { } p && registered)
            {
                listening.TrySetResult(p);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        ready = listening;
        return process;
    }

    [GeneratedRegex(@"on tcp://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}
