# What an agent says to set a boundary with an abusive caller: naming the behaviour, asking for it
# to stop, and saying what happens if it does not. The warning that must come before a disconnect
# (data/playbook/escalations.yaml). Format: README.md here.
# Weights: 0.9 unmistakable, 0.7 clear, 0.5 likely, 0.3 a hint that needs company.

[boundary_warning]
# The consequence: if it goes on, the call ends.
if the swearing | 0.85
if the abuse | 0.85
if the personal | 0.8
if the shouting continues | 0.7
if you continue to swear | 0.9
if you keep swearing | 0.9
if you carry on swearing | 0.9
if you swear again | 0.9
if you continue to be abusive | 0.9
if you ... to me like that | 0.85
if you ... that language | 0.85
have to end this call | 0.85
have to end the call | 0.85
have to terminate this call | 0.85
have to terminate the call | 0.85
have to disconnect the call | 0.85
have to disconnect this call | 0.85
have to hang up | 0.7
will be ending this call | 0.7
can't continue this call if | 0.85
can't continue the call if | 0.85
this is your final warning | 0.8
this is your last warning | 0.8
# Asking for the language or the attacks to stop.
please don't use that language | 0.85
please don't swear | 0.85
don't swear at me | 0.8
ask you not to swear | 0.85
ask you not to use that language | 0.85
stop swearing | 0.8
stop using that language | 0.8
don't call me names | 0.8
no need for that language | 0.8
no need to swear | 0.75
no need to make it personal | 0.8
don't make this personal | 0.75
don't make it personal | 0.75
while you are swearing | 0.85
while you are being abusive | 0.85
not be abusive | 0.8
# Naming the limit: what the agent will not accept.
not if you speak to me like that | 0.85
not if you talk to me like that | 0.85
not be spoken to like that | 0.8
not going to be spoken to like that | 0.8
don't speak to me like that | 0.75
don't talk to me like that | 0.75
not accept abuse | 0.85
not tolerate abuse | 0.85
not accept being sworn at | 0.85
not accept that language | 0.85
that language is not acceptable | 0.85
that kind of language | 0.6
that sort of language | 0.6
keep this respectful | 0.75
keep it respectful | 0.75
keep it civil | 0.75
speak to me respectfully | 0.8
! hang up and
! warning letter
