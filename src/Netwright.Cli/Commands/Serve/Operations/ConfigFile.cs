using Microsoft.Extensions.Configuration;
using Netwright.Hosting;

namespace Netwright.Cli.Commands.Serve.Operations;

/// <summary>
/// Reads <c>serve --config FILE</c>: JSON in the Generic Host's schema, either a whole <c>appsettings.json</c> (its
/// <c>"Netwright"</c> section is used) or the section's content alone.
/// </summary>
internal static class ConfigFile
{
    /// <summary>Binds the file; returns the options and the key prefix error messages use.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON, or a value has the wrong type.</exception>
    public static (NetwrightOptions Options, string Section) Read(string path)
    {
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"--config '{path}': {ex.Message}", ex);
        }

        var section = root.GetSection(NetwrightOptions.SectionName);
        IConfiguration source = section.Exists() ? section : root;
        var options = new NetwrightOptions();
        try
        {
            source.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the value: "Failed to convert configuration value '...' at 'Limits:MaxConnections'...".
            throw new InvalidDataException($"--config '{path}': {ex.Message}", ex);
        }

        return (options, section.Exists() ? NetwrightOptions.SectionName : "");
    }
}
