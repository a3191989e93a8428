namespace Netwright.Naming;

/// <summary>The classic services, in services(5) format, for machines without a readable <c>/etc/services</c>.</summary>
internal static class BuiltInServices
{
    public const string Text = """
        # The classic Internet services (IANA assignments), used when /etc/services is missing.
        echo            7/tcp
        echo            7/udp
        discard         9/tcp       sink null
        discard         9/udp       sink null
        daytime         13/tcp
        daytime         13/udp
        ftp-data        20/tcp
        ftp             21/tcp
        ssh             22/tcp
        telnet          23/tcp
        smtp            25/tcp      mail
        time            37/tcp      timserver
        time            37/udp      timserver
        domain          53/tcp
        domain          53/udp
        bootps          67/udp
        bootpc          68/udp
        tftp            69/udp
        gopher          70/tcp
        finger          79/tcp
        http            80/tcp      www
        kerberos        88/tcp      kerberos5 krb5 kerberos-sec
        kerberos        88/udp      kerberos5 krb5 kerberos-sec
        pop3            110/tcp     pop-3
        sunrpc          111/tcp     portmapper
        sunrpc          111/udp     portmapper
        nntp            119/tcp     readnews untp
        ntp             123/tcp
        ntp             123/udp
        imap            143/tcp     imap2
        snmp            161/tcp
        snmp            161/udp
        snmp-trap       162/udp     snmptrap
        ldap            389/tcp
        ldap            389/udp
        https           443/tcp
        https           443/udp
        syslog          514/udp
        submission      587/tcp
        ldaps           636/tcp
        rsync           873/tcp
        imaps           993/tcp
        pop3s           995/tcp
        mysql           3306/tcp
        postgresql      5432/tcp    postgres
        """;
}
