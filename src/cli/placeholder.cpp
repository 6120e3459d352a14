namespace trustfund::cli {}
