"""The statistics of the hotspot scan (điểm nóng), apart from the database: what a series is,
how its week is tested against its own past, how the tests of one scan are corrected for
their number, and the cluster rule. `services.hotspots` reads the counts and writes the
register; nothing here touches a model."""
