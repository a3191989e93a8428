using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netwright.Hosting.Internal;

namespace Netwright.Hosting;

/// <summary>
/// <c>builder.Services.AddNetwrightServer()</c>: a Netwright server inside a .NET Generic Host.
/// </summary>
/// <remarks>
/// <para>Start here for hosting. The server binds the <c>"Netwright"</c> configuration section (<see cref="NetwrightOptions"/>),
/// checks it when the host starts (an error names the key and the value), binds its listeners in the host's start,
/// and stops gracefully in the host's stop, within the host's shutdown timeout. It logs through the host's
/// <c>ILoggerFactory</c> and records metrics on a meter from the host's <c>IMeterFactory</c>.</para>
/// <code>
/// var builder = Host.CreateApplicationBuilder(args);
/// builder.Services.AddSingleton&lt;Greeting&gt;();
/// builder.Services.AddNetwrightServer().AddProtocol&lt;HelloProtocol&gt;("hello");
/// await builder.Build().RunAsync();
/// </code>
/// </remarks>
public static class NetwrightServiceCollectionExtensions
{
    /// <summary>Adds the hosted Netwright server, configured from the <c>"Netwright"</c> section and then <paramref name="configure"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes the options after configuration binding (listeners added in code, say); null for none.</param>
    /// <returns>A builder that registers the handlers listeners name.</returns>
    public static NetwrightServerBuilder AddNetwrightServer(this IServiceCollection services, Action<NetwrightOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var named = services.FirstOrDefault(d => d.ServiceType == typeof(NamedApplications))?.ImplementationInstance as NamedApplications;
        if (named is null)
        {
            named = new NamedApplications();
            services.AddSingleton(named);
            // Checked by the hosted service at start and on each reload rather than by IValidateOptions: a failed
            // validation inside a configuration reload would throw on the file watcher's thread.
            services.AddOptions<NetwrightOptions>().BindConfiguration(NetwrightOptions.SectionName);
            services.AddHostedService<NetwrightHostedService>();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new NetwrightServerBuilder(services, named);
    }
}
