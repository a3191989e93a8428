using System.Net;
using System.Net.Sockets;
using System.Text;
using Netwright.Errors;
using Netwright.IntegrationTests.Infrastructure;
using Netwright.Transport;
using Netwright.Transport.Epoll;

namespace Netwright.IntegrationTests.Transport;

public sealed class EpollDatagramReceiverTests
{
    [Fact]
    public async Task OneReceiveTakesEveryQueuedDatagramWithItsSender()
    {
        await using var reactors = new ReactorGroup(1);
        await using var channel = await DatagramChannel.BindAsync(NetEndPoint.Udp("127.0.0.1", 0)).WithTimeout();
        using var receiver = new EpollDatagramReceiver(channel, reactors[0]);
        using var first = new UdpDatagramTransport().CreateClient(channel.LocalEndPoint);
        using var second = new UdpDatagramTransport().CreateClient(channel.LocalEndPoint);
        for (var i = 0; i < 3; i++)
        {
            await first.SendAsync(Encoding.ASCII.GetBytes($"a{i}"), SocketFlags.None).WithTimeout();
            await second.SendAsync(Encoding.ASCII.GetBytes($"b{i}"), SocketFlags.None).WithTimeout();
        }

        Assert.True(await receiver.WaitReadableAsync().AsTask().WithTimeout());
        var count = receiver.Receive(out var errno);

        Assert.Equal(6, count);
        Assert.Equal(0, errno);
        var sender = channel.CreateAddressBuffer();
        for (var i = 0; i < count; i++)
        {
            receiver.CopySender(i, sender);
            var from = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(sender);
            var expected = i % 2 == 0 ? first : second;
            Assert.Equal(expected.LocalEndPoint, from);
            Assert.Equal($"{(i % 2 == 0 ? 'a' : 'b')}{i / 2}", Encoding.ASCII.GetString(receiver.Payload(i).Span));
        }

        Assert.Equal(0, receiver.Receive(out errno));
        Assert.Equal(11, errno); // EAGAIN: nothing left
    }

    [Fact]
    public async Task CloseEndsAPendingWait()
    {
        await using var reactors = new ReactorGroup(1);
        await using var channel = await DatagramChannel.BindAsync(NetEndPoint.Udp("127.0.0.1", 0)).WithTimeout();
        using var receiver = new EpollDatagramReceiver(channel, reactors[0]);

        var wait = receiver.WaitReadableAsync().AsTask();
        receiver.Close();

        Assert.False(await wait.WithTimeout());
        Assert.False(await receiver.WaitReadableAsync().AsTask().WithTimeout());
    }

    [Fact]
    public async Task IcmpPortUnreachableShowsAsConnectionRefusedOnTheNextReceive()
    {
        await using var reactors = new ReactorGroup(1);
        await using var channel = await DatagramChannel.BindAsync(NetEndPoint.Udp("127.0.0.1", 0)).WithTimeout();
        // IP_RECVERR makes Linux report ICMP errors on an unconnected UDP socket, as some setups do.
        channel.Socket.SetRawSocketOption(0 /* IPPROTO_IP */, 11 /* IP_RECVERR */, BitConverter.GetBytes(1));
        using var receiver = new EpollDatagramReceiver(channel, reactors[0]);
        int closedPort;
        using (var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closedPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        }

        var recipient = new IPEndPoint(IPAddress.Loopback, closedPort).Serialize();
        channel.UseDirectSend();
        await channel.SendToAsync("anyone?"u8.ToArray(), recipient).AsTask().WithTimeout();
        Assert.True(await receiver.WaitReadableAsync().AsTask().WithTimeout());
        var count = receiver.Receive(out var errno);

        Assert.Equal(0, count);
        Assert.IsType<ConnectionRefusedException>(EpollDatagramReceiver.CreateError(errno, channel.LocalEndPoint.ToString()));
        Assert.Equal(1, channel.DatagramsSent);

        Assert.Equal(0, receiver.Receive(out errno));
        Assert.Equal(11, errno);
        // The error was queued on the error queue too; left there it would keep level-triggered epoll reporting EPOLLERR.
        Assert.False(channel.Socket.Poll(0, SelectMode.SelectError));
    }

    [Fact]
    public void ReceiveErrorsMapToTheSocketsEngineExceptions()
    {
        Assert.IsType<ConnectionAbortedException>(EpollDatagramReceiver.CreateError(9, "udp://127.0.0.1:1"));
        var unknown = EpollDatagramReceiver.CreateError(12, "udp://127.0.0.1:1");
        Assert.IsType<NetwrightException>(unknown);
        Assert.StartsWith("receive on udp://127.0.0.1:1: ", unknown.Message);
    }
}
