"""How apps built on evidence (peer review, today) add to its pages without evidence
knowing them: each registers here from its AppConfig.ready(). With none registered,
evidence's pages work as they are."""

# Callables taking and returning a Claim queryset, e.g. to count open review comments.
claim_annotations = []
# Templates included at the foot of claim and question pages, given ``target``.
record_panels = []
# Other apps whose tables public pages read: (app label, its tables they never read). A write
# to any other of their tables moves the evidence's generation (evidence.generation).
watched_apps = []


def annotate_claims(claims):
    for annotate in claim_annotations:
        claims = annotate(claims)
    return claims
