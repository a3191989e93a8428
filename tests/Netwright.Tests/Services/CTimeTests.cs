using System.Globalization;
using System.Text;
using Netwright.Services.Timestamp;

namespace Netwright.Tests.Services;

public sealed class CTimeTests
{
    [Theory]
    [InlineData(2018, 6, 4, 11, 20, 46, "Mon Jun  4 11:20:46 2018")]
    [InlineData(1970, 1, 1, 0, 0, 0, "Thu Jan  1 00:00:00 1970")]
    [InlineData(2000, 1, 1, 23, 59, 59, "Sat Jan  1 23:59:59 2000")]
    [InlineData(2024, 2, 29, 7, 5, 9, "Thu Feb 29 07:05:09 2024")]
    [InlineData(2023, 12, 25, 12, 0, 0, "Mon Dec 25 12:00:00 2023")]
    [InlineData(9999, 12, 31, 23, 59, 59, "Fri Dec 31 23:59:59 9999")]
    public void KnownDatesFormatLikeCtime(int year, int month, int day, int hour, int minute, int second, string expected)
    {
        var value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Local);

        Assert.Equal(expected, CTime.Format(value));
    }

    [Fact]
    public void SingleDigitDaysArePaddedWithASpace()
    {
        for (int day = 1; day <= 31; day++)
        {
            string text = CTime.Format(new DateTime(2021, 1, day, 0, 0, 0, DateTimeKind.Unspecified));
            string expectedDay = day < 10 ? $" {day}" : day.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(expectedDay, text.Substring(8, 2));
            Assert.Equal(CTime.Length, text.Length);
        }
    }

    [Fact]
    public void EveryMonthHasItsEnglishAbbreviation()
    {
        string[] months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

        for (int month = 1; month <= 12; month++)
        {
            Assert.Equal(months[month - 1], CTime.Format(new DateTime(2021, month, 15, 0, 0, 0, DateTimeKind.Local)).Substring(4, 3));
        }
    }

    [Fact]
    public void EveryWeekdayHasItsEnglishAbbreviation()
    {
        // 2021-03-07 was a Sunday.
        string[] days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

        for (int offset = 0; offset < 7; offset++)
        {
            Assert.Equal(days[offset], CTime.Format(new DateTime(2021, 3, 7 + offset, 0, 0, 0, DateTimeKind.Local))[..3]);
        }
    }

    [Fact]
    public void CurrentCultureDoesNotChangeTheNames()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("Mon Jun  4 11:20:46 2018", CTime.Format(new DateTime(2018, 6, 4, 11, 20, 46, DateTimeKind.Local)));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void RandomDatesMatchTheEquivalentDotNetFormat()
    {
        var random = new Random(11);
        for (int i = 0; i < 1000; i++)
        {
            var value = new DateTime(random.NextInt64(new DateTime(1000, 1, 1).Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Local);
            string expected = value.ToString("ddd MMM ", CultureInfo.InvariantCulture)
                + value.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
                + value.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

            Assert.Equal(expected, CTime.Format(value));
        }
    }

    [Fact]
    public void KindIsIgnored()
    {
        var ticks = new DateTime(2018, 6, 4, 11, 20, 46).Ticks;

        Assert.Equal(CTime.Format(new DateTime(ticks, DateTimeKind.Utc)), CTime.Format(new DateTime(ticks, DateTimeKind.Local)));
    }

    [Fact]
    public void YearsBeforeOneThousandAreNotPadded()
    {
        Assert.Equal("Mon Jan  1 00:00:00 1", CTime.Format(DateTime.MinValue));
        Assert.Equal("Tue Mar  5 01:02:03 999", CTime.Format(new DateTime(999, 3, 5, 1, 2, 3, DateTimeKind.Local)));
    }

    [Fact]
    public void TryFormatWritesExactlyTheLayout()
    {
        var value = new DateTime(2018, 6, 4, 11, 20, 46, DateTimeKind.Local);
        Span<char> chars = stackalloc char[40];
        Span<byte> bytes = stackalloc byte[40];

        Assert.True(CTime.TryFormat(value, chars, out int charsWritten));
        Assert.True(CTime.TryFormatUtf8(value, bytes, out int bytesWritten));

        Assert.Equal(CTime.Length, charsWritten);
        Assert.Equal(CTime.Length, bytesWritten);
        Assert.Equal("Mon Jun  4 11:20:46 2018", chars[..charsWritten].ToString());
        Assert.Equal("Mon Jun  4 11:20:46 2018", Encoding.ASCII.GetString(bytes[..bytesWritten]));
    }

    [Fact]
    public void TryFormatIntoATooSmallBufferReturnsFalse()
    {
        var value = new DateTime(2018, 6, 4, 11, 20, 46, DateTimeKind.Local);
        char[] chars = new char[CTime.Length - 1];
        byte[] bytes = new byte[CTime.Length - 1];

        Assert.False(CTime.TryFormat(value, chars, out int charsWritten));
        Assert.False(CTime.TryFormatUtf8(value, bytes, out int bytesWritten));

        Assert.Equal(0, charsWritten);
        Assert.Equal(0, bytesWritten);
        Assert.All(chars, c => Assert.Equal('\0', c));
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.True(CTime.TryFormat(value, new char[CTime.Length], out _));
    }
}
