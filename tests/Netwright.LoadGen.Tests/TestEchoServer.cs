using System.Net.Sockets;

namespace Netwright.LoadGen.Tests;

/// <summary>How <see cref="TestEchoServer"/> misbehaves, for the failure tests.</summary>
internal sealed record EchoBehavior
{
    /// <summary>Flip the byte at this stream offset of every connection (null: echo faithfully).</summary>
    public long? CorruptOffset { get; init; }

    /// <summary>Read but never echo.</summary>
    public bool NeverEcho { get; init; }

    /// <summary>Close every connection with an odd accept number right after accepting it.</summary>
    public bool CloseOddConnections { get; init; }
}

/// <summary>A minimal raw-socket async stream echo server on a loopback port 0 or a Unix path.</summary>
internal sealed class TestEchoServer : TestStreamServer
{
    private readonly EchoBehavior _behavior;

    private TestEchoServer(Socket listener, EchoBehavior behavior)
        : base(listener) => _behavior = behavior;

    public static TestEchoServer StartTcp(EchoBehavior? behavior = null) => Started(new TestEchoServer(ListenTcp(512), behavior ?? new EchoBehavior()));

    public static TestEchoServer StartUnix(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(512);
        return Started(new TestEchoServer(listener, new EchoBehavior()));
    }

    protected override bool Keep(int number) => !(_behavior.CloseOddConnections && number % 2 == 1);

    protected override async Task ServeAsync(Socket connection)
    {
        var buffer = new byte[16 * 1024];
        long offset = 0;
        while (true)
        {
            var count = await connection.ReceiveAsync(buffer, SocketFlags.None, Stopping);
            if (count == 0)
            {
                return;
            }

            if (_behavior.NeverEcho)
            {
                continue;
            }

            if (_behavior.CorruptOffset is { } corrupt && corrupt >= offset && corrupt < offset + count)
            {
                buffer[corrupt - offset] ^= 0x20;
            }

            offset += count;
            await connection.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, Stopping);
        }
    }

    private static TestEchoServer Started(TestEchoServer server)
    {
        server.Start();
        return server;
    }
}
