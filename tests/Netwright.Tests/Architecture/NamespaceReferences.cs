using System.Text.RegularExpressions;

namespace Netwright.Tests.Architecture;

/// <summary>
/// Finds the Netwright namespaces a C# source file uses: its <c>using</c> directives and every qualified name in code
/// (<c>Netwright.Transport.Epoll.LibC</c>, or a partial one such as <c>Transport.TransportEngine</c> or
/// <c>Internal.SocketErrors</c>, resolved the way the compiler does, from the innermost enclosing namespace outwards).
/// Comments and string literals are skipped: documentation may point anywhere.
/// </summary>
internal static partial class NamespaceReferences
{
    public static string? DeclaredNamespace(string source) =>
        NamespaceDeclaration().Match(source) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Lists (line, referenced namespace) for each use of a namespace in <paramref name="knownNamespaces"/>.</summary>
    public static IEnumerable<(int Line, string Target)> Find(string source, string declared, IReadOnlySet<string> knownNamespaces)
    {
        var code = StripCommentsAndStrings(source);
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (UsingDirective().Match(line) is { Success: true } directive)
            {
                var target = LongestKnownPrefix(directive.Groups[1].Value, knownNamespaces);
                if (target is not null)
                {
                    yield return (i + 1, target);
                }

                continue;
            }

            foreach (Match name in QualifiedName().Matches(line))
            {
                var target = Resolve(name.Value, declared, knownNamespaces);
                if (target is not null)
                {
                    yield return (i + 1, target);
                }
            }
        }
    }

    /// <summary>Resolves a dotted name as C# does: against each enclosing namespace from the innermost out, then globally.</summary>
    private static string? Resolve(string dotted, string declared, IReadOnlySet<string> knownNamespaces)
    {
        var scope = declared;
        while (true)
        {
            var candidate = scope.Length == 0 ? dotted : scope + "." + dotted;
            var target = LongestKnownPrefix(candidate, knownNamespaces);
            if (target is not null && target.Length > scope.Length)
            {
                return target;
            }

            if (scope.Length == 0)
            {
                return null;
            }

            var dot = scope.LastIndexOf('.');
            scope = dot < 0 ? string.Empty : scope[..dot];
        }
    }

    private static string? LongestKnownPrefix(string dotted, IReadOnlySet<string> knownNamespaces)
    {
        var parts = dotted.Split('.');
        for (var length = parts.Length; length > 0; length--)
        {
            var prefix = string.Join('.', parts.Take(length));
            if (knownNamespaces.Contains(prefix))
            {
                return prefix;
            }
        }

        return null;
    }

    /// <summary>Blanks comments and string or character literals, keeping line breaks so line numbers stay right.</summary>
    public static string StripCommentsAndStrings(string source)
    {
        var output = new System.Text.StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && next == '*')
            {
                i += 2;
                while (i < source.Length && !(source[i] == '*' && i + 1 < source.Length && source[i + 1] == '/'))
                {
                    output.Append(source[i] == '\n' ? '\n' : ' ');
                    i++;
                }

                i += 2;
            }
            else if (c == '"' || c == '\'')
            {
                var verbatim = i > 0 && source[i - 1] == '@';
                var raw = c == '"' && next == '"' && i + 2 < source.Length && source[i + 2] == '"';
                i = raw ? SkipRaw(source, i, output) : SkipQuoted(source, i, c, verbatim, output);
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }

    private static int SkipQuoted(string source, int start, char quote, bool verbatim, System.Text.StringBuilder output)
    {
        var i = start + 1;
        while (i < source.Length)
        {
            if (!verbatim && source[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (source[i] == quote)
            {
                if (verbatim && i + 1 < source.Length && source[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            if (source[i] == '\n')
            {
                output.Append('\n');
            }

            i++;
        }

        return i;
    }

    private static int SkipRaw(string source, int start, System.Text.StringBuilder output)
    {
        var quotes = 0;
        while (start + quotes < source.Length && source[start + quotes] == '"')
        {
            quotes++;
        }

        var end = source.IndexOf(new string('"', quotes), start + quotes, StringComparison.Ordinal);
        end = end < 0 ? source.Length : end + quotes;
        output.Append('\n', source.AsSpan(start, end - start).Count('\n'));
        return end;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(Netwright(?:\.\w+)*)\s*;")]
    private static partial Regex UsingDirective();

    // A dotted name not preceded by a member access (options.Transport.Engine is a property, not a namespace).
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)+")]
    private static partial Regex QualifiedName();
}
