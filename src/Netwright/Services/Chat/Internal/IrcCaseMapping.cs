namespace Netwright.Services.Chat.Internal;

/// <summary>
/// RFC 1459 case mapping: A–Z fold to a–z and <c>[]\~</c> to <c>{}|^</c> (the Scandinavian origin of IRC),
/// so <c>Nick[1]</c> and <c>nick{1}</c> are the same name. Advertised as <c>CASEMAPPING=rfc1459</c>.
/// </summary>
internal sealed class IrcCaseMapping : IEqualityComparer<string>
{
    public static IrcCaseMapping Instance { get; } = new();

    public static char Fold(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + 32),
        '[' => '{',
        ']' => '}',
        '\\' => '|',
        '~' => '^',
        _ => c,
    };

    public static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = Fold(source[i]);
        }
    });

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (Fold(x[i]) != Fold(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string obj)
    {
        var hash = new HashCode();
        foreach (var c in obj)
        {
            hash.Add(Fold(c));
        }

        return hash.ToHashCode();
    }
}
