# What agents say: the phrases that inflame a hard call and the techniques that calm it.
# Format: README.md here. Weights: 0.9 unmistakable, 0.7 clear, 0.5 likely, 0.3 a hint.

[trigger_phrase]
# Rules, orders, blame and refusals: the words that escalate a call that was already difficult.
our policy | 0.75
company policy | 0.8
it is policy | 0.75
it is our policy | 0.8
that is the policy | 0.8
that is our policy | 0.8
the policy is that | 0.7
policy says | 0.65
policy states | 0.65
policy doesn't allow | 0.75
against policy | 0.75
against our policy | 0.8
per policy | 0.6
as per our policy | 0.75
by policy | 0.6
those are the rules | 0.75
rules are rules | 0.85
the rules are | 0.55
that is the procedure | 0.65
that is the process | 0.55
the system won't let me | 0.6
the system doesn't allow | 0.6
computer says no | 0.8
calm down | 0.9
calm yourself | 0.9
you need to calm | 0.9
relax | 0.6
settle down | 0.8
no need to shout | 0.7
don't shout | 0.75
stop shouting | 0.8
lower your voice | 0.75
don't take that tone | 0.8
you need to | 0.5
you have to | 0.45
you'll have to | 0.5
you must | 0.5
you should have | 0.7
you shouldn't have | 0.7
! you shouldn't have had to
! you shouldn't have to
you failed to | 0.75
you didn't read | 0.7
you didn't tell us | 0.6
you didn't follow | 0.65
you didn't check | 0.6
you didn't call us | 0.6
you were supposed to | 0.7
you were meant to | 0.65
you forgot to | 0.6
you misunderstood | 0.65
you're wrong | 0.8
that's wrong | 0.45
there's nothing i can do | 0.85
nothing i can do | 0.8
nothing we can do | 0.8
nothing more i can do | 0.8
i can't help you | 0.8
i can't | 0.45
we can't | 0.45
you can't | 0.4
do you want it or not | 0.85
take it or leave it | 0.9
do it yourself | 0.6
you can do that yourself | 0.6
the system doesn't | 0.5
can't help you | 0.75
won't be able to | 0.45
unable to | 0.35
not possible | 0.55
impossible | 0.6
no way | 0.55
we don't do that | 0.65
not something i can do | 0.7
not something we can do | 0.7
not something we do | 0.65
not my department | 0.8
not my job | 0.85
not my problem | 0.9
not my fault | 0.85
not our fault | 0.75
not our problem | 0.85
not our responsibility | 0.7
nothing to do with us | 0.75
nothing to do with me | 0.8
as i said | 0.6
as i already said | 0.8
as i've already said | 0.8
as i mentioned | 0.45
as i already mentioned | 0.7
like i said | 0.7
i've already told you | 0.85
i already told you | 0.85
i've already explained | 0.8
i already explained | 0.8
i've told you | 0.75
listen to me | 0.75
listen | 0.4
obviously | 0.45
clearly you | 0.6
with all due respect | 0.65
to be honest | 0.2
i don't know | 0.3
i have no idea | 0.6
no idea | 0.45
that's just the way it is | 0.8
that's the way it is | 0.75
that's just how it is | 0.8
it is what it is | 0.75
no exceptions | 0.7
just doing my job | 0.7
not up to me | 0.6
out of my hands | 0.6
above my pay grade | 0.75
i don't make the rules | 0.8
unfortunately | 0.3
i'm afraid | 0.25
terms and conditions | 0.5
it's in the contract | 0.65
it's in the terms | 0.65
you agreed to | 0.65
you signed | 0.5
did you read | 0.65
did you even | 0.8
you should read | 0.65
be patient | 0.6
you need to be patient | 0.8
just wait | 0.5
call back later | 0.5
you'll have to call back | 0.7
sorry you feel that way | 0.85
sorry if you feel | 0.8
i understand but | 0.45
i hear you but | 0.45
whatever | 0.6
! can't thank you enough
! can't wait
! can't hear you
! can not see why not
! can't go wrong
! can't recommend
! can't be too careful
! can't stress enough
! can not happen again
! can't guarantee
! can't promise
! can't tell you how
! you can't miss it
! don't know if you
! policy number
! policy holder
! policyholder
! your policy
! insurance policy
! listen to the
! listen back
! i'll listen
! no idea how grateful
! you need to do nothing
! you didn't need to
! you didn't have to
! should have received
! should have got
! should have had
! should have been sent
! should have an
! should have a
! you have to be patient with me

[validation]
# Acknowledging the feeling before fixing the problem.
i can see why | 0.75
i can see how | 0.6
i can see that | 0.45
i understand why | 0.75
i understand how | 0.65
i understand your frustration | 0.85
i understand that | 0.5
i completely understand | 0.7
i totally understand | 0.7
understandably | 0.7
that's understandable | 0.8
completely understandable | 0.8
that must be frustrating | 0.85
that must be | 0.55
must be so frustrating | 0.85
must have been | 0.55
i'd be frustrated too | 0.9
i would be upset too | 0.9
i'd be annoyed too | 0.9
i would feel ... same | 0.85
anyone would be | 0.75
you have every right | 0.85
every right to be | 0.85
every reason to be | 0.85
anyone would have | 0.75
that should never have happened | 0.8
not your fault | 0.75
i believe you | 0.6
i understand this is | 0.5
you're right to | 0.75
you're absolutely right | 0.7
you are right | 0.6
fair point | 0.55
that's fair | 0.5
i hear you | 0.6
i hear what you're saying | 0.65
that makes sense | 0.45
makes complete sense | 0.6
that sounds frustrating | 0.85
sounds really frustrating | 0.85
it's frustrating | 0.6
that's frustrating | 0.7
reasonable to expect | 0.75
that's not what you expected | 0.75
not what you were expecting | 0.75
that shouldn't have happened | 0.8
you shouldn't have to | 0.8
no wonder you're | 0.8
of course you're upset | 0.85
of course you're frustrated | 0.85
i appreciate you telling me | 0.6
i get why | 0.7
you've been very patient | 0.6
you have been patient | 0.6
! understand but
! hear you but
! i understand that you need to
! that must be done
! must have been a mistake on your

[empathy]
sorry to hear | 0.75
sorry to hear that | 0.8
i'm so sorry you | 0.7
sorry you've had to | 0.75
sorry you had to | 0.7
sorry you've been | 0.7
that sounds really difficult | 0.85
that sounds difficult | 0.8
that sounds awful | 0.85
that sounds stressful | 0.85
that sounds exhausting | 0.85
sounds exhausting | 0.8
sounds horrible | 0.8
sounds like a nightmare | 0.85
not the news you were hoping for | 0.7
not what you wanted to hear | 0.7
that sounds really stressful | 0.85
that must have been | 0.7
i can imagine | 0.6
i can only imagine | 0.8
i can't imagine | 0.7
that's awful | 0.7
that's terrible | 0.7
how awful | 0.75
oh no | 0.5
oh dear | 0.5
that's not good | 0.5
i know how frustrating | 0.8
i know how important | 0.75
i know this matters | 0.75
i know this is important | 0.7
i really feel for you | 0.85
i feel for you | 0.8
that's really unfair | 0.7
a lot to deal with | 0.8
worrying for you | 0.8
i'd be worried too | 0.85
your time is valuable | 0.6
in your shoes | 0.75
in your position | 0.6
thank you for telling me | 0.55
thank you for sharing | 0.55
take your time | 0.55
no rush | 0.5
there's no rush | 0.55
i'm here to help | 0.55
i'm here for you | 0.7
we'll get through this | 0.65
that's completely understandable | 0.6
i want to make this right | 0.75
i'm glad you called | 0.5
how are you doing | 0.35
are you okay | 0.6
are you alright | 0.6
i hope you're okay | 0.7
must be really hard | 0.85
must be so hard | 0.85
that's hard | 0.6
! sorry to hear you say that

[specific_apology]
# An apology head followed by what it is about: at least two concrete words soon after
# ("I'm sorry the engineer didn't turn up on Tuesday"). `detail` asks for that.
sorry | 0.75 | detail
apologise | 0.75 | detail
apologize | 0.75 | detail
apologies | 0.7 | detail
apology | 0.7 | detail
my mistake | 0.8
our mistake | 0.8
we got it wrong | 0.8
we made a mistake | 0.85
we made an error | 0.85
that was our error | 0.85
that was our fault | 0.85
it was our fault | 0.85
that's on us | 0.8
we let you down | 0.85
we dropped the ball | 0.85
we should have told you | 0.85
we should have called you | 0.85
we should have | 0.6
sorry we missed | 0.85
sorry we didn't | 0.8
sorry we failed to | 0.85
sorry nobody called | 0.85
sorry no one called | 0.85
sorry you were charged | 0.85
sorry you've had to repeat | 0.85
sorry you had to repeat | 0.85
sorry you were overcharged | 0.9
sorry you weren't told | 0.85
sorry you were given the wrong | 0.9
sorry you had to call back | 0.85
sorry you had to chase | 0.85
sorry the engineer | 0.85
sorry your order | 0.8
sorry your parcel | 0.8
sorry your delivery | 0.8
! sorry to hear
! sorry to interrupt
! sorry to keep you
! sorry to bother
! sorry if
! sorry you feel
! sorry i didn't catch
! sorry i did not hear
! sorry can you
! sorry could you
! sorry would you
! sorry what
! sorry say
! sorry about that
! sorry for that
! sorry about this
! sorry for this
! apologies for that
! apologise for that
! apologize for that
! sorry about the wait
! sorry for the wait
! sorry for keeping

[formulaic_apology | unless specific_apology]
# Apologies that name nothing. A specific apology in the same utterance takes precedence.
sorry for any inconvenience | 0.85
sorry for the inconvenience | 0.85
apologies for any inconvenience | 0.85
apologies for the inconvenience | 0.85
apologise for any inconvenience | 0.85
apologize for any inconvenience | 0.85
apologise for the inconvenience | 0.85
apologize for the inconvenience | 0.85
inconvenience caused | 0.8
inconvenience this may have caused | 0.85
we apologise | 0.6
we apologize | 0.6
we're sorry | 0.55
i apologise | 0.5
i apologize | 0.5
my apologies | 0.5
apologies | 0.45
sorry about that | 0.55
sorry for that | 0.55
so sorry | 0.45
i'm sorry | 0.4
i'm very sorry | 0.45
really sorry | 0.45
sorry for the trouble | 0.75
sorry for any trouble | 0.8
sorry for the confusion | 0.7
sorry for any confusion | 0.75
sorry for the delay | 0.6
sorry for the frustration | 0.7
sorry for your frustration | 0.7
sorry for the experience | 0.75
sorry for your experience | 0.75
sorry for any issues | 0.75
sorry for any problems | 0.75
we regret any | 0.8
regret any inconvenience | 0.85
sorry if | 0.6
i apologise if | 0.65
i apologize if | 0.65
sorry you feel that way | 0.8
sorry for everything | 0.6
! sorry to hear
! sorry to interrupt
! sorry to bother
! sorry i didn't catch
! sorry can you
! sorry could you
! sorry what
! sorry say

[ownership]
# The agent makes the problem theirs and says what they will do.
let me take care of | 0.85
i'll take care of | 0.85
i'll sort this | 0.8
i'll sort it | 0.8
i'll get this sorted | 0.85
i'll get that sorted | 0.85
let me sort | 0.75
let me get this sorted | 0.85
i will personally | 0.9
personally make sure | 0.9
call you myself | 0.85
i'll do it myself | 0.8
i'll make sure | 0.8
i'm going to make sure | 0.8
i'll call you back | 0.85
i'll ring you back | 0.85
i'll phone you back | 0.85
i'll call you | 0.65
i'll email you | 0.6
i'll follow up | 0.85
i'll keep you updated | 0.8
i'll keep you posted | 0.8
i'll keep you informed | 0.8
i'll update you | 0.75
i'll keep an eye on | 0.75
leave it with me | 0.85
i'll handle | 0.75
i'll fix | 0.7
let me fix | 0.7
i'll look into | 0.65
let me look into | 0.6
i'll chase | 0.75
let me chase | 0.75
i'll escalate | 0.7
i'll raise | 0.6
i'll be your point of contact | 0.9
my direct line | 0.75
my extension | 0.7
i'll stay on the line | 0.8
i'm not going to let | 0.6
this is on me | 0.85
i take responsibility | 0.85
i'll own this | 0.9
take ownership | 0.85
i'm going to | 0.3
here's what i'll do | 0.85
here's what i'm going to do | 0.85
what i'll do is | 0.8
what i can do is | 0.6
i can do that for you | 0.6
i'll do that for you | 0.7
i'll arrange | 0.7
i'll book | 0.6
i'll process | 0.6
i'll put that through | 0.65
i've gone ahead and | 0.7
i have just | 0.4
! i'm going to put you on hold
! i'm going to have to
! i'll call you mr
! i'll call you by

[over_promise]
# Promises the agent may not be able to keep. "I can't guarantee" is honest, so negation counts.
guarantee | 0.75
guaranteed | 0.7
i guarantee | 0.85
i promise | 0.8
promise you | 0.8
i can promise | 0.8
definitely | 0.4
definitely by tomorrow | 0.9
definitely today | 0.85
will definitely | 0.7
it will definitely | 0.75
absolutely will | 0.7
100 percent | 0.8
one hundred percent | 0.8
hundred percent | 0.75
# A share, not a promise: "names your mother for one hundred percent", "100 percent of the fund".
! for 100 percent
! for one hundred percent
! for a hundred percent
! 100 percent of
! hundred percent of
never happen again | 0.9
won't happen again | 0.85
will never happen | 0.85
for sure | 0.5
i assure you | 0.6
rest assured | 0.55
without fail | 0.75
you have my word | 0.85
i give you my word | 0.85
that will fix it | 0.7
that'll sort it | 0.65
it's all sorted | 0.45
nothing to worry about | 0.5
everything will be fine | 0.65
within the hour | 0.4
by the end of the day | 0.45
in five minutes | 0.45
first thing tomorrow | 0.5
straight away | 0.35
full refund | 0.45
refund everything | 0.75
waive all | 0.7
! guarantee card
! guarantee period
! money back guarantee
! under guarantee
! the guarantee
! your guarantee

[hold_announcement]
put you on hold | 0.9
place you on hold | 0.9
pop you on hold | 0.9
put you on a brief hold | 0.95
put you on hold for | 0.9
on hold | 0.6
on a short hold | 0.85
on mute | 0.6
put you on mute | 0.85
mind holding | 0.85
would you mind holding | 0.9
do you mind if i put you | 0.9
is it okay if i put you | 0.9
bear with me | 0.7
hold on | 0.55
hold the line | 0.8
hang on | 0.5
one moment | 0.6
just a moment | 0.6
give me a moment | 0.7
give me a minute | 0.7
give me <num> minutes | 0.75
a moment while | 0.75
a minute while | 0.75
just a second | 0.55
one second | 0.5
bear with me while | 0.85
while i check | 0.7
while i look | 0.7
while i look into | 0.75
while i find | 0.65
let me check | 0.5
let me just check | 0.55
i'll just check | 0.55
let me have a look | 0.5
let me find out | 0.55
i need to check with | 0.7
speak to my colleague | 0.6
check with my supervisor | 0.6
momentarily | 0.5
shouldn't take long | 0.6
won't be long | 0.6
for a couple of minutes | 0.65
! thanks for holding
! thank you for holding
! you've been on hold
! been on hold
! on hold for ages
! on hold for so long
! i'll check back
! i will be back in a moment
! hold on a second that's

[check_in]
# What the agent says to a caller on hold: thanks for waiting, still working, nearly done.
thank you for holding | 0.85
thanks for holding | 0.85
thank you for waiting | 0.85
thanks for waiting | 0.85
thank you for your patience | 0.8
thanks for your patience | 0.8
thanks for bearing with me | 0.85
thank you for bearing with me | 0.85
thanks for hanging on | 0.85
thank you for hanging on | 0.85
thanks for staying on | 0.8
appreciate your patience | 0.75
appreciate you waiting | 0.8
still checking | 0.75
i'm still checking | 0.8
still looking | 0.65
still looking into | 0.75
still working on | 0.75
i'm still here | 0.85
still with you | 0.8
are you still there | 0.75
are you still with me | 0.8
sorry to keep you waiting | 0.85
sorry for the wait | 0.7
sorry about the wait | 0.7
sorry for keeping you | 0.8
just to update you | 0.8
quick update | 0.75
a little longer | 0.6
almost there | 0.65
nearly there | 0.65
nearly done | 0.65
almost done | 0.65
won't be much longer | 0.75
not much longer | 0.7
just another minute | 0.7
another minute | 0.55
a couple more minutes | 0.7
i'm back | 0.75
i am back with you | 0.85
back with you | 0.75
i've got the information | 0.6
i've found | 0.45
i've just checked | 0.5
