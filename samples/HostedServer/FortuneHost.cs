using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netwright.Hosting;

namespace HostedServer;

/// <summary>Builds the worker: the fortune protocol and the ready timestamp service, both configured from appsettings.json.</summary>
internal static class FortuneHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        // Type=notify readiness and journal-friendly logs under systemd; nothing changes elsewhere.
        builder.Services.AddSystemd();
        builder.Services.AddOptions<FortuneOptions>().BindConfiguration("Fortunes");
        builder.Services.AddSingleton<FortuneTally>();
        builder.Services.AddNetwrightServer().AddProtocol<FortuneProtocol>("fortune");
        return builder;
    }
}
