using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Errors;
using Netwright.Interop;

namespace Netwright.Tests.Transport;

/// <summary>The one path from a Linux error number (or a <see cref="SocketException"/>) to Netwright's exceptions.</summary>
public sealed class SocketErrorsTests
{
    [Theory]
    [InlineData(LibC.ECONNREFUSED, typeof(ConnectionRefusedException), SocketError.ConnectionRefused)]
    [InlineData(LibC.ECONNRESET, typeof(ConnectionResetException), SocketError.ConnectionReset)]
    [InlineData(LibC.EPIPE, typeof(ConnectionResetException), SocketError.Shutdown)]
    [InlineData(LibC.ECONNABORTED, typeof(ConnectionResetException), SocketError.ConnectionAborted)]
    [InlineData(LibC.ETIMEDOUT, typeof(NetworkTimeoutException), SocketError.TimedOut)]
    [InlineData(LibC.EADDRINUSE, typeof(AddressInUseException), SocketError.AddressAlreadyInUse)]
    [InlineData(LibC.EBADF, typeof(ConnectionAbortedException), SocketError.OperationAborted)]
    [InlineData(LibC.ENOTSOCK, typeof(ConnectionAbortedException), SocketError.NotSocket)]
    [InlineData(LibC.EHOSTUNREACH, typeof(NetwrightException), SocketError.HostUnreachable)]
    [InlineData(LibC.EPROTO, typeof(NetwrightException), SocketError.SocketError)]
    public void AnErrnoBecomesItsTypedExceptionWithTheSocketExceptionInside(int errno, Type expected, SocketError code)
    {
        var error = SocketErrors.Translate(Errno.ToSocketException(errno), "receive on", "udp://127.0.0.1:9");

        Assert.IsType(expected, error);
        var inner = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(code, inner.SocketErrorCode);
        Assert.StartsWith("receive on udp://127.0.0.1:9: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrnoWithoutASocketErrorStillSaysWhatHappened()
    {
        var error = SocketErrors.Translate(Errno.ToSocketException(LibC.EPROTO), "accept on", "the tcp listener");

        Assert.Equal($"accept on the tcp listener: {Marshal.GetPInvokeErrorMessage(LibC.EPROTO)}", error.Message);
    }

    [Fact]
    public void TheOriginalSocketExceptionIsKeptItself()
    {
        var original = new SocketException((int)SocketError.ConnectionRefused);

        var error = SocketErrors.Translate(original, "connect", "tcp://127.0.0.1:9");

        Assert.Same(original, error.InnerException);
        Assert.Equal("connect tcp://127.0.0.1:9: connection refused (nobody is listening)", error.Message);
    }

    [Theory]
    [InlineData(LibC.ECONNRESET, false, "connection c7 was reset by the peer")]
    [InlineData(LibC.EPIPE, true, "connection c7 was reset by the peer while sending")]
    [InlineData(LibC.ECONNABORTED, false, "connection c7 was reset by the peer")]
    [InlineData(LibC.ETIMEDOUT, true, "connection c7 was reset by the peer while sending")]
    public void AnOpenConnectionLostToThePeerOrTheKernelIsAReset(int errno, bool sending, string message)
    {
        var error = SocketErrors.ConnectionLost(Errno.ToSocketException(errno), "c7", sending);

        Assert.IsType<ConnectionResetException>(error);
        Assert.Equal(message, error.Message);
        Assert.Equal(Errno.ToSocketError(errno), Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Fact]
    public void AnyOtherConnectionErrorNamesTheOperationAndKeepsTheCause()
    {
        var error = SocketErrors.ConnectionLost(Errno.ToSocketException(LibC.ENOBUFS), "c7", sending: true);

        Assert.IsType<NetwrightException>(error);
        Assert.Equal($"connection c7: send failed: {Marshal.GetPInvokeErrorMessage(LibC.ENOBUFS)}", error.Message);
        Assert.Equal(SocketError.NoBufferSpaceAvailable, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Fact]
    public void MissingArgumentsAreRefused()
    {
        var exception = new SocketException((int)SocketError.ConnectionReset);

        Assert.Throws<ArgumentNullException>(() => SocketErrors.Translate(null!, "connect", "x"));
        Assert.Throws<ArgumentNullException>(() => SocketErrors.Translate(exception, null!, "x"));
        Assert.Throws<ArgumentNullException>(() => SocketErrors.Translate(exception, "connect", null!));
    }
}
