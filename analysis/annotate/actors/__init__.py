"""Who is who: actor mentions (:mod:`.mentions`), roles (:mod:`.roles`) and speakers (:mod:`.speakers`), from rule
tables a user can read and extend (:mod:`.tables`, ``analysis/data/actors/``)."""
