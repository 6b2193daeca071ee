"""Earning-the-right cues: a purpose for the call, a referral, curiosity, asking permission.

Everything works on `roleplay.analysis.cues.normalise(text)`.
"""

from __future__ import annotations

from roleplay.analysis.cues import Gated, phrases

PURPOSE = Gated(
    "reason calling reaching getting ringing purpose called rang reached goal wanted want "
    "hoping im am",
    phrases(
        r"(?:the )?reason (?:im|i am|i was|for my|for the|i)"
        r"(?: calling| call| called| reaching out)?",
        r"(?:im|i am|i was) (?:calling|reaching out|getting in touch|ringing) (?:\w+ ){0,5}?"
        r"(?:because|about|to|since|regarding|after|on behalf)",
        r"the purpose of (?:my|this|the) call",
        r"why im calling",
        r"i (?:called|rang|reached out) (?:because|to|about)",
        r"(?:my|the) goal (?:for|of|on) (?:this|the|today)",
        r"what i (?:wanted|want|was hoping) to (?:do|talk|ask|cover|find out)",
        r"(?:quick|brief) (?:reason|purpose)",
        r"(?:i am|im) (?:with|from) \w+(?: \w+)? and",
    ),
)
CALLING = (r"(?:call|reach|contact|speak|talk|get|ring|phone|ping|buzz|touch base|"
           r"give you a (?:call|ring|bell|shout|buzz)|drop you a (?:line|note))")
"""Ways to say "get in touch" ("Tom said to ring you", "she said to give you a shout")."""
REFERRAL = Gated(
    "referred referral suggested recommended said told asked mentioned spoke talked met emailed "
    "chatted downloaded signed requested attended visited filled registered replied reached "
    "stopped came were follow following promised agreed discussed thought work works",
    phrases(
        r"referr(?:ed|al)",
        r"(?:suggested|recommended|said) (?:i|that i|we|to) " + CALLING,
        r"told me (?:to " + CALLING + r"|(?:that )?you)",
        r"asked me to " + CALLING,
        r"(?:mentioned|said) (?:you|that you)",
        r"we (?:spoke|talked|met|emailed|chatted)",
        r"(?:last time|when) we (?:spoke|talked|met)",
        r"you (?:downloaded|signed up|requested|attended|visited|filled|registered|replied|emailed|"
        r"reached out|asked (?:me|us) to|stopped by|came by|were at)",
        r"follow(?:ing)? up (?:on|from|after)",
        r"as (?:promised|agreed|discussed)",
        r"(?:our|your) (?:colleague|friend|partner|boss|manager|ceo|cfo|"
        r"coworker) \w+ (?:said|mentioned|"
        r"suggested|thought|recommended)",
        r"works? with you",
    ),
)
PERMISSION = Gated(
    "minute minutes min mins moment second sec secs mo time catch if may can could might ok "
    "okay alright right fine open mind fair before ask whether good convenient",
    phrases(
        r"do you have (?:a|two|2|five|5|a few|just a) (?:minute|minutes|moment|second|sec|mo)",
        r"(?:have|got) (?:a|two|2|three|3|five|5|ten|10|a few|a couple of|a couple) (?:quick )?"
        r"(?:minute|minutes|min|mins|moment|second|seconds|sec|secs)",
        # "is now okay?", "is now still good?": the time asked about without the word "time"
        r"(?:is|would) (?:now|this) (?:still )?(?:be )?(?:ok|okay|alright|all right|good|fine|"
        r"convenient)\b(?! (?:to|with) (?:them|him|her|the))",
        # an elliptical ask: "quick sec?", "a quick minute?" (not "give me a quick sec")
        r"(?<!give me )(?<!give me a )(?<!hold on )(?<!hold on a )(?<!wait )(?<!wait a )"
        r"(?<!bear with me )(?<!bear with me a )(?<!just )(?<!just a )\b(?:a )?quick (?:sec|second|"
        r"minute|min|mo)\b(?! (?:to|while|i|and|so|please))",
        r"(?:is|would) (?:this|now|it) (?:be )?(?:a )?"
        r"(?:good|bad|ok|okay|convenient|terrible) time",
        r"did i catch you",
        r"(?:mind|okay|ok|alright|all right) if i (?:ask|take|tell|explain|share|grab|run)",
        r"(?:may|can|could|might) i (?:ask|have|take|grab|steal|share|run)",
        r"(?:would|will|is) it (?:be )?(?:ok|okay|alright|all right|fine) (?:if|to|with you)",
        r"would you be open to",
        r"(?:do|would) you mind (?:if|me|my)",
        r"would you mind",
        r"if you dont mind (?:me |my )?asking",
        r"is (?:that|this) (?:ok|okay|alright|fair)",
        r"(?:can|could) we (?:take|spend) (?:a|two|2|five|5|a few) (?:minute|minutes|moment)",
        r"(?:are|were) you (?:open|ok|okay) (?:to|with|if)",
        r"before i (?:go on|continue|say anything|ask)",
        r"(?:let|allow) me ask",
        r"whether (?:this|it) (?:is|makes sense)",
    ),
)
CURIOSITY = Gated(
    "sure know unsure may might noticed saw read heard was were companies teams firms "
    "businesses practices people folks others shops clinics schools keep talk speak work tell "
    "told telling been",
    phrases(
        r"(?:not sure|dont know|unsure) (?:if|whether) (?:this|we|it|what we do) "
        r"(?:is|are|would|will|"
        r"makes|might|fits|can)",
        r"may or may not",
        r"might not be (?:a fit|for you|relevant)",
        r"(?:i|we)(?:ve)? (?:noticed|saw|read|heard) (?:that|you|your|the|on)",
        r"(?:i|we) (?:was|were) (?:looking at|reading|on) (?:your|the)",
        r"(?:wasnt|not|wasn t) sure (?:if|whether) you",
        r"(?:companies|teams|firms|businesses|practices|people|folks|others|shops|clinics|schools) "
        r"(?:like yours|in your (?:space|industry|position|role|shoes|situation))",
        r"(?:one thing|something) (?:we|i) keep (?:hearing|seeing)",
        r"(?:most|a lot|many) of the (?:\w+ )?(?:i|we) (?:talk|speak|work) (?:to|with)",
        r"a (?:lot|few|number) of (?:\w+ )?"
        r"(?:people|folks|teams|companies|managers|owners|directors|"
        r"leaders) (?:tell|have told|are telling|have been)",
    ),
)

