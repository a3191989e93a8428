namespace Netwright.Tests.Architecture;

/// <summary>
/// The library's allowed dependency arrows, in one place (docs/architecture.md draws the same stack). An area is the
/// first namespace segment under <c>Netwright</c>; each may use itself and the areas listed for it, nothing else.
/// Sub-namespaces (<c>Transport.Internal</c>, <c>Transport.Epoll</c>, <c>Protocols.Internal</c>, ...) are private to
/// their area: another area may use only an area's root namespace.
/// </summary>
internal static class Layers
{
    public static readonly IReadOnlyDictionary<string, string[]> Arrows = new Dictionary<string, string[]>
    {
        // The Linux interop (src/Shared/Linux, compiled into the library and the load generator) uses nothing of ours.
        ["Interop"] = [],
        ["Errors"] = [],
        ["Diagnostics"] = ["Errors"],
        ["Naming"] = ["Errors", "Diagnostics"],
        ["Framing"] = ["Errors", "Diagnostics"],
        ["Transport"] = ["Interop", "Naming", "Errors", "Diagnostics"],
        // TLS decorates a Transport connection; everything that takes a connection may upgrade it (STARTTLS).
        ["Tls"] = ["Transport", "Errors", "Diagnostics"],
        ["Streams"] = ["Tls", "Transport", "Framing", "Naming", "Errors", "Diagnostics"],
        ["Applications"] = ["Transport", "Framing", "Naming", "Errors", "Diagnostics"],
        ["Servers"] = ["Tls", "Applications", "Streams", "Transport", "Framing", "Naming", "Errors", "Diagnostics"],
        ["Protocols"] = ["Tls", "Applications", "Transport", "Framing", "Naming", "Errors", "Diagnostics"],
        ["Clients"] = ["Tls", "Protocols", "Applications", "Streams", "Transport", "Framing", "Naming", "Errors", "Diagnostics"],
        ["Services"] = ["Tls", "Servers", "Protocols", "Applications", "Streams", "Transport", "Framing", "Naming", "Errors", "Diagnostics"],
    };

    /// <summary>Gets the area of a namespace under <c>Netwright</c> (<c>Netwright.Transport.Epoll</c> → <c>Transport</c>), or null for <c>Netwright</c> itself.</summary>
    public static string? AreaOf(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length > 1 ? parts[1] : null;
    }

    /// <summary>Says why <paramref name="from"/> may not use <paramref name="to"/>, or null when the arrow is allowed.</summary>
    public static string? Violation(string from, string to)
    {
        if (to == from || from.StartsWith(to + ".", StringComparison.Ordinal) || to == "Netwright")
        {
            return null;
        }

        var source = AreaOf(from);
        var target = AreaOf(to);
        if (source is null || !Arrows.TryGetValue(source, out var allowed))
        {
            return $"{from} is in no layer: add its area to Layers.Arrows and docs/architecture.md";
        }

        if (target is null || !Arrows.ContainsKey(target))
        {
            return $"{to} is in no layer: add its area to Layers.Arrows and docs/architecture.md";
        }

        if (source == target)
        {
            return null;
        }

        if (to != "Netwright." + target)
        {
            return $"{from} reaches into {to}, which is private to {target}";
        }

        return allowed.Contains(target) ? null : $"{source} may not depend on {target} (allowed: {string.Join(", ", allowed)})";
    }
}
