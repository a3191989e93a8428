using Netwright.Protocols;
using Netwright.Servers;
using Netwright.Services;

namespace Netwright.Tests.Services;

public sealed class ServiceCatalogTests
{
    [Fact]
    public void CatalogListsTheServicesInOrderWithTheirPorts()
    {
        Assert.Equal(["timestamp", "echo", "greet"], ServiceCatalog.All.Select(s => s.Name));
        Assert.Equal([21567, 7007, 8088], ServiceCatalog.All.Select(s => s.DefaultPort));
        Assert.All(ServiceCatalog.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Description)));
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("ECHO")]
    [InlineData("Echo")]
    public void FindIgnoresCase(string name)
    {
        Assert.Same(ServiceCatalog.Echo, ServiceCatalog.Find(name));
    }

    [Fact]
    public void FindReturnsNullForAnUnknownName()
    {
        Assert.Null(ServiceCatalog.Find("chargen"));
    }

    [Fact]
    public void EachStyleGetsItsOwnKindOfApplication()
    {
        foreach (var service in ServiceCatalog.All)
        {
            Assert.IsAssignableFrom<ConnectionHandler>(service.CreateStreamApplication(ServiceStyle.Handler));
            Assert.IsAssignableFrom<ProtocolFactory>(service.CreateStreamApplication(ServiceStyle.Event));
            Assert.IsAssignableFrom<DatagramHandler>(service.CreateDatagramApplication(ServiceStyle.Handler));
            Assert.IsAssignableFrom<DatagramProtocol>(service.CreateDatagramApplication(ServiceStyle.Event));
        }
    }
}
