"""Everything that plugs into Rasa, in one place: the input channel, the NLU components,
the tracker store and the transcript reader. The dialogue itself (bot.review) knows
nothing of Rasa; actions/ translates between the two.
"""
