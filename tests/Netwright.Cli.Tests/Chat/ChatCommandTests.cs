using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Netwright.Cli.Tests.Support;
using Netwright.Transport;

namespace Netwright.Cli.Tests.Chat;

public sealed class ChatCommandTests
{
    [Fact]
    public async Task PipedChatSendsStdinLinesToTheChannelAndPrintsWhatOthersSayOnStdout()
    {
        await using var serve = await ServeHost.StartAsync("chat", "--tcp", "127.0.0.1:0", "--flood-rate", "0");
        var endpoint = serve.EndPoint(TransportKind.Tcp);
        using var bob = await PlainClient.ConnectAsync(endpoint, "bob");
        await using var alice = PipedChat.Start(endpoint.ToString(), "--nick", "alice", "--channel", "#lobby");

        await bob.ExpectAsync("* alice has joined #lobby");
        await alice.WriteAsync("hello from a script\n/me waves\n");
        await bob.ExpectAsync("<alice> hello from a script");
        await bob.ExpectAsync("* alice waves");
        await bob.SendAsync("hi alice");
        await alice.Out.WaitForLineAsync("^<bob> hi alice$", CliRunner.Timeout);
        await alice.WriteAsync("/nick alicia\n");
        await bob.ExpectAsync("* alice is now known as alicia");

        var code = await alice.EndInputAsync();

        Assert.True(code == ExitCodes.Success, alice.ToString());
        await bob.ExpectAsync("* alicia has quit");
        // Chat goes to stdout, one line each; the server's numerics go to stderr.
        Assert.DoesNotContain("Welcome", alice.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("Welcome", alice.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANicknameInUseIsReplacedByOneWithASuffix()
    {
        await using var serve = await ServeHost.StartAsync("chat", "--tcp", "127.0.0.1:0", "--flood-rate", "0");
        var endpoint = serve.EndPoint(TransportKind.Tcp);
        using var holder = await PlainClient.ConnectAsync(endpoint, "carol");
        await using var carol = PipedChat.Start(endpoint.ToString(), "-n", "carol", "-c", "lobby");

        await holder.ExpectAsync("* carol_ has joined #lobby");
        Assert.Equal(ExitCodes.Success, await carol.EndInputAsync());
    }

    [Fact]
    public async Task ARefusedConnectionExitsWithFourAndABadNicknameWithTwo()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        var refused = await CliRunner.RunAsync("chat", $"127.0.0.1:{port}", "--nick", "dave");
        var badNick = await CliRunner.RunAsync("chat", $"127.0.0.1:{port}", "--nick", "two words");
        var noNick = await CliRunner.RunAsync("chat", $"127.0.0.1:{port}");

        Assert.True(refused.ExitCode == ExitCodes.ConnectionRefused, refused.ToString());
        Assert.True(badNick.ExitCode == ExitCodes.Usage, badNick.ToString());
        Assert.True(noNick.ExitCode == ExitCodes.Usage, noNick.ToString());
    }

    [Fact]
    public async Task AServerThatClosesTheConnectionEndsTheChatWithSeven()
    {
        var serve = await ServeHost.StartAsync("chat", "--tcp", "127.0.0.1:0");
        await using var erin = PipedChat.Start(serve.EndPoint(TransportKind.Tcp).ToString(), "-n", "erin", "-c", "#lobby");
        await erin.Out.WaitForLineAsync("^\\* erin has joined #lobby$", CliRunner.Timeout);

        await serve.DisposeAsync();

        var code = await erin.Run.WaitAsync(CliRunner.Timeout);
        Assert.True(code == ExitCodes.ConnectionReset, erin.ToString());
    }

    /// <summary><c>netwright chat</c> in-process with stdin as a pipe the test writes to and closes.</summary>
    private sealed class PipedChat : IAsyncDisposable
    {
        private readonly Pipe _stdin = new();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));

        private PipedChat(string[] args)
        {
            var console = new CliConsole(Out, Error, _stdin.Reader.AsStream(), InputIsTerminal: false);
            Run = Task.Run(() => NetwrightApp.RunAsync(["chat", .. args], console, _stop.Token));
        }

        public SignalingWriter Out { get; } = new();

        public SignalingWriter Error { get; } = new();

        public Task<int> Run { get; }

        public static PipedChat Start(params string[] args) => new(args);

        public async Task WriteAsync(string text) => await _stdin.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));

        public async Task<int> EndInputAsync()
        {
            await _stdin.Writer.CompleteAsync();
            return await Run.WaitAsync(CliRunner.Timeout);
        }

        public override string ToString() => $"stdout:\n{Out}\nstderr:\n{Error}";

        public async ValueTask DisposeAsync()
        {
            await _stdin.Writer.CompleteAsync();
            await _stop.CancelAsync();
            try
            {
                await Run.WaitAsync(CliRunner.Timeout);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                // The test has already failed; do not hide its own error.
            }

            _stop.Dispose();
        }
    }

    /// <summary>A plain line client (as <c>nc</c> would be) that has given its nickname.</summary>
    private sealed class PlainClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly StreamReader _reader;
        private readonly List<string> _seen = [];

        private PlainClient(Socket socket)
        {
            _socket = socket;
            _reader = new StreamReader(new NetworkStream(socket, ownsSocket: false), Encoding.UTF8);
        }

        public static async Task<PlainClient> ConnectAsync(NetEndPoint endpoint, string nick)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, endpoint.Port).WaitAsync(CliRunner.Timeout);
            var client = new PlainClient(socket);
            await client.SendAsync(nick);
            await client.ExpectAsync($"* {nick} has joined");
            return client;
        }

        public async Task SendAsync(string line) =>
            await _socket.SendAsync(Encoding.UTF8.GetBytes(line + "\n")).WaitAsync(CliRunner.Timeout);

        public async Task ExpectAsync(string start)
        {
            using var deadline = new CancellationTokenSource(CliRunner.Timeout);
            while (true)
            {
                string? line;
                try
                {
                    line = await _reader.ReadLineAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"no line starting '{start}'; seen:\n{string.Join('\n', _seen)}");
                }

                Assert.True(line is not null, $"the server closed before '{start}'; seen:\n{string.Join('\n', _seen)}");
                _seen.Add(line);
                if (line.StartsWith(start, StringComparison.Ordinal))
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            _reader.Dispose();
            _socket.Dispose();
        }
    }
}
