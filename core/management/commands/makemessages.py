from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # No fuzzy matching: a new string must never inherit a neighbour's translation unseen
    # ("States" became "Estado" that way); it arrives empty and the catalog check flags it.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
