# What agents do, move by move: open the call, work the problem, offer choices, fix it and close.
# These cues place the call in its stages; alone they are not warnings. Format: README.md here.
# Weights: 0.9 unmistakable, 0.7 clear, 0.5 likely, 0.3 a hint that needs company.

[troubleshooting]
# Gathering details, checking the account, working the problem.
can i take your | 0.65
could i take your | 0.65
may i take your | 0.65
can i have your | 0.6
could i have your | 0.6
may i have your | 0.6
can i get your | 0.6
take your account number | 0.85
account number | 0.55
order number | 0.6
booking reference | 0.6
serial number | 0.65
model number | 0.65
your postcode | 0.55
date of birth | 0.6
first line of | 0.6
name on the account | 0.7
could you confirm | 0.6
can you confirm | 0.6
confirm your | 0.6
just to confirm | 0.5
for security | 0.6
security purposes | 0.65
verify your | 0.65
let me check | 0.55
let me just check | 0.6
let me have a look | 0.6
let me look into | 0.6
let me pull up | 0.7
pull up your | 0.7
bring up your | 0.7
looking at your account | 0.65
i can see on | 0.55
i am just checking | 0.6
have you ... tried | 0.8
did you try | 0.7
can you restart | 0.8
restart* | 0.6
reboot* | 0.65
turn it off and on | 0.85
switch it off | 0.7
unplug | 0.65
plug it back in | 0.7
reset* | 0.5
reinstall* | 0.7
log out and | 0.7
sign out and | 0.7
clear the cache | 0.75
your settings | 0.6
run ... test* | 0.75
diagnostic* | 0.7
troubleshoot* | 0.8
error message | 0.7
error code | 0.7
what does it say | 0.6
lights on the | 0.65
which lights | 0.7
when did ... start | 0.75
when did you ... notice | 0.8
how long has ... been | 0.6
what happens when | 0.6
can you tell me what | 0.55
can you describe | 0.65
talk me through | 0.7
walk you through | 0.65
which device | 0.65
what device | 0.65
what browser | 0.7
! take your time
! let me check back

[offers_options]
# Giving the caller a choice.
can either | 0.8
could either | 0.8
either ... or | 0.6
would you prefer | 0.8
would you rather | 0.8
if you would rather | 0.75
if you would prefer | 0.75
if you prefer | 0.65
which would you prefer | 0.85
which would you like | 0.75
which would suit you | 0.85
would suit you | 0.7
which suits you | 0.75
which works better | 0.75
works best for you | 0.65
whichever | 0.6
<num> options | 0.8
couple of options | 0.8
options | 0.5
your options | 0.65
another option | 0.75
the other option | 0.75
one option | 0.7
first option | 0.8
<nth> option | 0.8
option <num> | 0.7
alternatively | 0.8
an alternative | 0.55
the alternative | 0.6
the choice is yours | 0.8
your choice | 0.6
up to you | 0.5
you can choose | 0.75
you could choose | 0.75
choose between | 0.8
choice between | 0.8
i can offer | 0.6
i could offer | 0.6
or i can | 0.6
or we can | 0.6
or i could | 0.6
or we could | 0.6
or you can | 0.55
or you could | 0.55
refund or | 0.65
or a refund | 0.65
or a replacement | 0.65
or a credit | 0.6
would you like me to | 0.45
! press option
! alternative accommodation

[resolution]
# The fix is done, or firmly in place.
i have processed | 0.85
i have booked | 0.8
i have arranged | 0.8
i have credited | 0.85
i have refunded | 0.85
i have issued | 0.8
i have applied | 0.75
i have waived | 0.85
i have removed | 0.75
i have reversed | 0.85
i have fixed | 0.85
i have sorted | 0.8
i have scheduled | 0.8
i have rebooked | 0.85
i have ordered | 0.7
i have updated | 0.7
i have changed | 0.6
i have reset | 0.7
i have set | 0.6
i have added | 0.5
i have sent | 0.5
i have cancelled | 0.6
i have put ... through | 0.75
i have gone ahead and | 0.75
now been | 0.7
been refunded | 0.85
been credited | 0.85
been processed | 0.75
been booked | 0.75
been removed | 0.7
been waived | 0.85
been fixed | 0.75
been sorted | 0.75
been resolved | 0.8
been updated | 0.65
been applied | 0.7
been approved | 0.75
been arranged | 0.75
been dispatched | 0.75
been issued | 0.75
been reversed | 0.8
been rescheduled | 0.7
you will receive | 0.6
you should receive | 0.6
you will see ... on your | 0.6
all sorted | 0.8
you are all set | 0.85
all set | 0.65
all done | 0.7
done for you | 0.7
sorted for you | 0.75
booked in | 0.7
that is booked | 0.8
refund of | 0.55
credit of | 0.6
goodwill | 0.65
on its way | 0.65
in the post | 0.45
back up and running | 0.85
up and running | 0.65
working again | 0.75
should be working | 0.7
did the trick | 0.85
done the trick | 0.85
reference number is | 0.55
confirmation number is | 0.6
! should have been
! would have been
! has it been
! has that been
! have they been
! was supposed to have
! is it all set up

[closing]
# Winding the call up.
is there anything else | 0.85
anything else i can | 0.9
anything more i can | 0.8
anything else | 0.55
all for today | 0.75
is that everything | 0.7
have a * day | 0.85
have a * evening | 0.85
have a * afternoon | 0.85
have a * weekend | 0.85
have a * one | 0.8 | end
have a * night | 0.8
hope you have a | 0.75
rest of your day | 0.8
enjoy the rest of | 0.8
enjoy your | 0.55
thanks for calling | 0.5 | end
thank you for calling | 0.5 | end
for calling * | 0.45 | end
for calling * * | 0.45 | end
thanks for your call | 0.7
thank you for your call | 0.7
thank you for your time | 0.6
thanks again | 0.55
thank you again | 0.55
goodbye | 0.85
bye | 0.7
bye bye | 0.85
bye now | 0.85
take care | 0.75
all the best | 0.7
best of luck | 0.7
good luck with | 0.7
speak soon | 0.7
talk soon | 0.7
you are ... welcome | 0.4
my pleasure | 0.55
happy to help | 0.6
glad i could | 0.7
glad we could | 0.7
before you go | 0.5
short survey | 0.6
! take care of
! for calling ... my name
! for calling ... how can
! for calling ... how may
! for calling ... what can
! for calling ... this is
! for calling ... i am
! for calling ... speaking
! for calling ... who am
! for calling ... you are
! anything else i need
! anything else you need from me

[greeting]
# Opening the call.
thank you for calling | 0.5 | start
thanks for calling | 0.5 | start
for calling ... this is | 0.85
for calling ... my name | 0.85
for calling ... i am | 0.8
for calling ... speaking | 0.85
support this is | 0.75
services this is | 0.75
team this is | 0.7
desk this is | 0.7
line this is | 0.65
thank you for contacting | 0.8 | start
thanks for contacting | 0.8 | start
thanks for getting in touch | 0.75 | start
thank you for getting in touch | 0.75 | start
thanks for reaching out | 0.75 | start
how can i help | 0.85
how may i help | 0.85
how can i assist | 0.85
how may i assist | 0.85
how can we help | 0.8
what can i do for you | 0.8
what can we do for you | 0.8
what can i help you with | 0.8
you are through to | 0.9
you have reached | 0.8 | start
you are speaking to | 0.8
you are speaking with | 0.8
this is * speaking | 0.8
speaking | 0.45 | end
my name is | 0.55
welcome to | 0.75 | start
hello and welcome | 0.85
good morning | 0.55 | start
good afternoon | 0.55 | start
good evening | 0.5 | start
hello | 0.35 | start
hi there | 0.4 | start
hello there | 0.4 | start
who am i speaking to | 0.55
who am i speaking with | 0.55
who do i have the pleasure | 0.85
reason for your call | 0.75
what are you calling about | 0.6
how are you ... today | 0.5
helping you today | 0.75
assisting you today | 0.8
! for calling | end
! for calling ... have a
! for calling ... goodbye
! for calling ... bye
! for calling ... take care
! for contacting ... have a
! for getting in touch ... have a
! you have reached your
! hello are you still
! hello can you hear
! hello hello
